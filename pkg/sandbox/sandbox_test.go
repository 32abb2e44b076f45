package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

func TestBaseURL(t *testing.T) {
	for _, tt := range []struct{ root, dialect, want string }{
		{"http://127.0.0.1:8080", Trello, "http://127.0.0.1:8080/trello/1"},
		{"http://127.0.0.1:8080/", SupportBee, "http://127.0.0.1:8080/supportbee"},
		{"http://127.0.0.1:8080", Entrust, "http://127.0.0.1:8080/entrust"},
		{"http://127.0.0.1:8080", GitHub, "http://127.0.0.1:8080/github"},
		{"http://127.0.0.1:8080", "nosuchvendor", ""},
	} {
		if got := BaseURL(tt.root, tt.dialect); got != tt.want {
			t.Errorf("BaseURL(%q, %q) = %q, want %q", tt.root, tt.dialect, got, tt.want)
		}
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	for _, o := range []Options{
		{Dialects: []string{"nosuchvendor"}}, {FailRate: 1.5}, {DropRate: -0.1}, {RateLimit: -1}, {Latency: -1},
	} {
		if sb, err := New(o); err == nil {
			sb.Close()
			t.Errorf("New(%+v) accepted", o)
		}
	}
}

func TestDialectSubsetAndRoot(t *testing.T) {
	_, srv := newServer(t, Options{Dialects: []string{"supportbee"}})
	c := srv.Client()
	if r := call(t, c, "GET", srv.URL+"/trello/1/tokens/"+TrelloToken+"/webhooks?key="+TrelloKey, ""); r.status != 404 {
		t.Errorf("disabled dialect: %d", r.status)
	}
	if r := call(t, c, "GET", srv.URL+"/supportbee/web_hooks.json?auth_token="+SupportBeeToken, ""); r.status != 200 {
		t.Errorf("enabled dialect: %d", r.status)
	}
	if r := call(t, c, "GET", srv.URL+"/", ""); r.status != 200 || !strings.Contains(r.body, "sandbox") {
		t.Errorf("root: %d %s", r.status, r.body)
	}
	if r := call(t, c, "GET", srv.URL+"/nope", ""); r.status != 404 {
		t.Errorf("unknown: %d", r.status)
	}
}

func TestTransportMatchesServer(t *testing.T) {
	sb, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	c := &http.Client{Transport: sb.Transport()}
	// Any host works in-process; the request body is consumed and closed.
	r := call(t, c, "POST", "http://anything.invalid/supportbee/web_hooks.json?auth_token="+SupportBeeToken, `{"web_hook":{"url":"https://example.com"}}`)
	if r.status != 201 || r.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	id := decode[map[string]map[string]string](t, r.body)["web_hook"]["id"]
	r = call(t, c, "DELETE", InProcessRoot+"/supportbee/web_hooks/"+id+".json?auth_token="+SupportBeeToken, "")
	if r.status != 204 || r.body != "" {
		t.Fatalf("delete: %d %q", r.status, r.body)
	}
	resp, err := c.Head(InProcessRoot + "/")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("HEAD: %v", err)
	}
	resp.Body.Close()
}

// FuzzServe throws arbitrary requests at every dialect: no panic, and
// always a status.
func FuzzServe(f *testing.F) {
	sb, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer sb.Close()
	f.Add("POST", "/trello/1/webhooks?key=sandbox-key&token=sandbox-token", "application/json", `{"callbackURL":"https://x.example/","idModel":"5abbe4b7ddc1b351ef961415"}`)
	f.Add("PUT", "/trello/1/webhooks/5abbe4b7ddc1b351ef961415/active?key=sandbox-key&token=sandbox-token", "", "value=true")
	f.Add("POST", "/supportbee/web_hooks.json?auth_token=sandbox-token", "application/json", `{"web_hook":{"url":"http://x.example"}}`)
	f.Add("POST", "/supportbee/web_hooks/test.json?auth_token=sandbox-token", "application/json", `{"action_type":"ticket.created","url":"https://x.example"}`)
	f.Add("POST", "/entrust/api/web/v1/adminapi/authenticate", "application/json", `{"applicationId":"sandbox-app","sharedSecret":"sandbox-secret"}`)
	f.Add("PUT", "/entrust/api/web/v1/webhooks/0b9e0a0e-52b4-4c33-9d4a-6a8f3a1b2c3d", "application/json", `{"events":null}`)
	c := &http.Client{Transport: sb.Transport()}
	f.Fuzz(func(t *testing.T, method, path, ct, body string) {
		req, err := http.NewRequest(method, InProcessRoot+"/"+strings.TrimPrefix(path, "/"), strings.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Content-Type", ct)
		resp, err := c.Do(req)
		if err != nil {
			return
		}
		resp.Body.Close()
		if resp.StatusCode < 100 || resp.StatusCode > 599 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	})
}
