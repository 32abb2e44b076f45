package github

import (
	"strconv"

	sandboxgithub "github.com/hookctl/hookctl/pkg/sandbox/github"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Dialect is this dialect's name in profiles.
const Dialect = "github"

// AllEvents is GitHub's wildcard event: the webhook receives every event.
const AllEvents = "*"

// Events are the webhook event names GitHub documents for repository and
// organization webhooks, "*" first: the emulator's list (the emulator must
// not import the client; the client may use its list). GitHub itself
// validates them (422), so the list drives completion, not refusal.
var Events = sandboxgithub.Events

// DefaultEvents are the events of a webhook created without any (GitHub's
// default).
var DefaultEvents = []string{"push"}

// Native names of the settings in a hook's config.
const (
	settingContentType = "content_type"
	settingInsecureSSL = "insecure_ssl"
)

// Schema is GitHub's field table: with wire.go, the one place that maps the
// common model onto GitHub's hook object. content_type and insecure_ssl are
// settings (set-field and get only), and the secret is write-only.
var Schema = &webhook.Schema{
	Dialect: Dialect,
	Fields: []webhook.Field{
		{Name: webhook.FieldID, Native: "id", Kind: webhook.KindInt, ReadOnly: true, Help: "webhook id (digits)"},
		{Name: webhook.FieldURL, Native: "config.url", Kind: webhook.KindURL, Required: true, Help: "payload URL"},
		{Name: webhook.FieldEvents, Native: "events", Kind: webhook.KindEvents, Help: "events delivered (default push; * for all)"},
		{Name: webhook.FieldActive, Native: "active", Kind: webhook.KindBool, Help: "whether deliveries are sent (default true)"},
		{Name: webhook.FieldLastStatus, Native: "last_response", Kind: webhook.KindString, ReadOnly: true, Help: "answer to the latest delivery: HTTP code, or status"},
		{Name: settingContentType, Native: settingContentType, Kind: webhook.KindString, Setting: true, Default: "json", Help: "payload format: json or form"},
		{Name: settingInsecureSSL, Native: settingInsecureSSL, Kind: webhook.KindString, Setting: true, Default: "0", Help: "1 skips TLS verification of the payload URL (not recommended)"},
	},
	Events:          Events,
	DefaultEvent:    "ping",
	MinEvents:       1,
	IDPattern:       isDigits,
	IDHelp:          "digits",
	KeyFields:       []string{webhook.FieldURL},
	WriteOnlySecret: true,
}

// isDigits reports whether s is a positive decimal integer that fits GitHub's
// 64-bit ids.
func isDigits(s string) bool {
	if s == "" || s[0] == '0' {
		return false
	}
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil && s[0] != '+' && s[0] != '-'
}
