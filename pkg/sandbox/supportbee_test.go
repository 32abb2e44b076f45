package sandbox

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestSupportBeeLifecycle(t *testing.T) {
	now := time.Date(2012, 5, 1, 7, 19, 47, 0, time.UTC)
	_, srv := newServer(t, Options{Now: func() time.Time { return now }})
	c := srv.Client()
	api := srv.URL + "/supportbee"
	tok := "?auth_token=" + SupportBeeToken

	r := call(t, c, "GET", api+"/web_hooks.json"+tok, "")
	if r.status != 200 || r.body != `{"web_hooks":[]}` {
		t.Fatalf("empty list: %d %s", r.status, r.body)
	}
	r = call(t, c, "POST", api+"/web_hooks.json"+tok, `{"web_hook":{"url":"http://example.com"}}`)
	if r.status != 201 || r.body != `{"web_hook":{"id":"1_20120501071947","url":"http://example.com"}}` {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	// Same second: ids stay unique and keep the company_timestamp shape.
	r = call(t, c, "POST", api+"/web_hooks.json"+tok, `{"web_hook":{"url":"https://example.com/2"}}`)
	second := decode[map[string]map[string]string](t, r.body)["web_hook"]["id"]
	if r.status != 201 || second != "1_20120501071948" {
		t.Fatalf("second create: %d %s", r.status, r.body)
	}
	if !regexp.MustCompile(`^1_\d{14}$`).MatchString(second) {
		t.Fatalf("id shape %q", second)
	}

	r = call(t, c, "PUT", api+"/web_hook/1_20120501071947.json"+tok, `{"web_hook":{"url":"https://example.com/new"}}`)
	if r.status != 200 || r.body != `{"web_hook":{"id":"1_20120501071947","url":"https://example.com/new"}}` {
		t.Fatalf("update: %d %s", r.status, r.body)
	}
	r = call(t, c, "GET", api+"/web_hooks.json"+tok, "")
	if r.body != `{"web_hooks":[{"id":"1_20120501071947","url":"https://example.com/new"},{"id":"1_20120501071948","url":"https://example.com/2"}]}` {
		t.Fatalf("list: %s", r.body)
	}
	r = call(t, c, "DELETE", api+"/web_hooks/1_20120501071947.json"+tok, "")
	if r.status != 204 || r.body != "" {
		t.Fatalf("delete: %d %q", r.status, r.body)
	}
	r = call(t, c, "DELETE", api+"/web_hooks/1_20120501071947.json"+tok, "")
	if r.status != 404 {
		t.Fatalf("delete twice: %d %s", r.status, r.body)
	}
}

func TestSupportBeeErrors(t *testing.T) {
	_, srv := newServer(t, Options{})
	c := srv.Client()
	api := srv.URL + "/supportbee"
	tok := "?auth_token=" + SupportBeeToken
	r := call(t, c, "POST", api+"/web_hooks.json"+tok, `{"web_hook":{"url":"http://example.com"}}`)
	id := decode[map[string]map[string]string](t, r.body)["web_hook"]["id"]
	notFound := `{"error":"Not Found","status":404}`
	tests := []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"no token", "GET", "/web_hooks.json", "", 401, `{"error":"You need to sign in or sign up before continuing."}`},
		{"wrong token", "GET", "/web_hooks.json?auth_token=nope", "", 401, `{"error":"Invalid authentication token."}`},
		{"missing url", "POST", "/web_hooks.json" + tok, `{"web_hook":{"name":"x"}}`, 400, `{"errors":{"url":["can't be blank"]}}`},
		{"blank url", "POST", "/web_hooks.json" + tok, `{"web_hook":{"url":"  "}}`, 400, `{"errors":{"url":["can't be blank"]}}`},
		{"invalid url", "POST", "/web_hooks.json" + tok, `{"web_hook":{"url":"example"}}`, 400, `{"errors":{"url":["is invalid"]}}`},
		{"url not a string", "POST", "/web_hooks.json" + tok, `{"web_hook":{"url":42}}`, 400, `{"errors":{"url":["is invalid"]}}`},
		{"no envelope", "POST", "/web_hooks.json" + tok, `{"url":"http://example.com"}`, 400, `{"error":"param is missing or the value is empty: web_hook"}`},
		{"malformed JSON", "POST", "/web_hooks.json" + tok, `{"web_hook":`, 400, `{"error":"There was a problem in the JSON you submitted: syntax error at offset 12"}`},
		{"plural PUT path is not routed", "PUT", "/web_hooks/" + id + ".json" + tok, `{"web_hook":{"url":"http://example.com/x"}}`, 404, notFound},
		{"singular DELETE path is not routed", "DELETE", "/web_hook/" + id + ".json" + tok, "", 404, notFound},
		{"no single get", "GET", "/web_hooks/" + id + ".json" + tok, "", 404, notFound},
		{"unknown route without auth", "GET", "/tickets.json", "", 404, notFound},
		{"update unknown id", "PUT", "/web_hook/1_19990101000000.json" + tok, `{"web_hook":{"url":"http://example.com/x"}}`, 404, notFound},
		{"update invalid url", "PUT", "/web_hook/" + id + ".json" + tok, `{"web_hook":{"url":"nope"}}`, 400, `{"errors":{"url":["is invalid"]}}`},
		{"test unknown event", "POST", "/web_hooks/test.json" + tok, `{"action_type":"ticket.exploded","url":"http://example.com"}`, 400, `{"errors":{"action_type":["is not included in the list"]}}`},
		{"test missing both", "POST", "/web_hooks/test.json" + tok, `{}`, 400, `{"errors":{"action_type":["is not included in the list"],"url":["can't be blank"]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := call(t, c, tt.method, api+tt.path, tt.body)
			if r.status != tt.status || r.body != tt.want {
				t.Fatalf("got %d %s, want %d %s", r.status, r.body, tt.status, tt.want)
			}
		})
	}
}

func TestSupportBeeTestDelivery(t *testing.T) {
	_, srv := newServer(t, Options{})
	c := srv.Client()
	api := srv.URL + "/supportbee/web_hooks/test.json?auth_token=" + SupportBeeToken
	cb := newCallback(t, http.StatusAccepted)

	for _, tc := range []struct{ event, extra string }{
		{"ticket.created", ""}, {"agent.reply.created", "reply"}, {"customer.reply.created", "reply"}, {"comment.created", "comment"},
	} {
		r := call(t, c, "POST", api, `{"action_type":"`+tc.event+`","url":"`+cb.URL+`/sb"}`)
		if r.status != 200 {
			t.Fatalf("%s: %d %s", tc.event, r.status, r.body)
		}
		res := decode[map[string]map[string]any](t, r.body)["web_hook_test"]
		if res["delivered"] != true || res["response_code"] != 202.0 || res["response_body"] != "ok from callback" {
			t.Errorf("%s: result %s", tc.event, r.body)
		}
		_, reqs := cb.got()
		last := reqs[len(reqs)-1]
		if last.method != "POST" || last.uri != "/sb" || last.header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: delivery %s %s %v", tc.event, last.method, last.uri, last.header)
		}
		p := decode[map[string]map[string]any](t, string(last.body))["payload"]
		if p["action_type"] != tc.event || p["company"] == nil || p["ticket"] == nil {
			t.Errorf("%s: payload %s", tc.event, last.body)
		}
		for _, k := range []string{"reply", "comment"} {
			if _, has := p[k]; has != (k == tc.extra) {
				t.Errorf("%s: payload has %s = %v", tc.event, k, has)
			}
		}
	}

	// A remote URL is not delivered to, and that is a failed test (500)
	// that says why, never a 200; an unreachable loopback URL is a 500 too.
	r := call(t, c, "POST", api, `{"action_type":"ticket.created","url":"https://example.com/x"}`)
	if r.status != 500 || !strings.Contains(r.body, "not delivered: the sandbox sends only to loopback addresses") || !strings.Contains(r.body, "example.com is not one") {
		t.Fatalf("remote: %d %s", r.status, r.body)
	}
	dead := newCallback(t, 200)
	dead.Close()
	r = call(t, c, "POST", api, `{"action_type":"ticket.created","url":"`+dead.URL+`"}`)
	if r.status != 500 || !strings.Contains(r.body, "Could not deliver the test event") {
		t.Fatalf("dead: %d %s", r.status, r.body)
	}
}
