package supportbee

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// apiError reads SupportBee's error answer: {"error":"…"}, Rails validation
// errors {"errors":{"url":["is invalid"]}}, or anything else (an HTML page, a
// proxy's text), and keeps the status's kind (401/403 auth, 404 not found,
// 409 conflict; 400 stays a plain failure with the backend's reason).
func apiError(resp *httpx.Response) *webhook.APIError {
	return webhook.NewAPIError(resp.Status, resp.ErrorText(supportBeeMessage))
}

// supportBeeMessage reads SupportBee's error body, or "" if body is not one.
func supportBeeMessage(body []byte) string {
	var j struct {
		Error   json.RawMessage `json:"error"`
		Errors  json.RawMessage `json:"errors"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(body, &j) != nil {
		return ""
	}
	var parts []string
	if s := plainText(j.Error); s != "" {
		parts = append(parts, s)
	}
	if s := railsErrors(j.Errors); s != "" {
		parts = append(parts, s)
	}
	if len(parts) == 0 && j.Message != "" {
		parts = append(parts, j.Message)
	}
	return strings.Join(parts, "; ")
}

// plainText reads a JSON string (or anything else, compactly).
func plainText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return webhook.RawText(raw)
}

// railsErrors joins Rails' validation errors: {"url":["is invalid"]} becomes
// "url is invalid"; a list or a string is taken as it is.
func railsErrors(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var byField map[string]json.RawMessage
	if json.Unmarshal(raw, &byField) == nil {
		fields := make([]string, 0, len(byField))
		for f := range byField {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		var parts []string
		for _, f := range fields {
			for _, msg := range messages(byField[f]) {
				if f == "base" {
					parts = append(parts, msg)
				} else {
					parts = append(parts, f+" "+msg)
				}
			}
		}
		return strings.Join(parts, "; ")
	}
	return strings.Join(messages(raw), "; ")
}

// messages reads a list of strings or a single string.
func messages(raw json.RawMessage) []string {
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	if s := plainText(raw); s != "" {
		return []string{s}
	}
	return nil
}
