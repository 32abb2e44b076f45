package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/sandbox/sandboxtest"
	"github.com/hookctl/hookctl/pkg/sandbox/trello"
)

func TestNewRejectsBadOptions(t *testing.T) {
	for _, o := range []sandbox.Options{
		{Dialects: []string{"gitlab"}}, {FailRate: 1.5}, {DropRate: -0.1}, {RateLimit: -1}, {Latency: -1},
	} {
		if sb, err := sandbox.New(o); err == nil {
			sb.Close()
			t.Errorf("New(%+v) accepted", o)
		}
	}
}

func TestDialectSubsetAndRoot(t *testing.T) {
	_, srv := newServer(t, sandbox.Options{Dialects: []string{"desk"}})
	c := srv.Client()
	if r := sandboxtest.Call(t, c, "GET", srv.URL+"/trello/1/tokens/"+trello.Token+"/webhooks?key="+trello.Key, ""); r.Status != 404 {
		t.Errorf("disabled dialect: %d", r.Status)
	}
	if r := sandboxtest.Call(t, c, "GET", srv.URL+"/desk/hooks.json?auth_token="+sandbox.DeskToken, ""); r.Status != 200 {
		t.Errorf("enabled dialect: %d", r.Status)
	}
	if r := sandboxtest.Call(t, c, "GET", srv.URL+"/", ""); r.Status != 200 || !strings.Contains(r.Body, "sandbox") {
		t.Errorf("root: %d %s", r.Status, r.Body)
	}
	if r := sandboxtest.Call(t, c, "GET", srv.URL+"/nope", ""); r.Status != 404 {
		t.Errorf("unknown: %d", r.Status)
	}
}

func TestTransportMatchesServer(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Emulators: emulators()})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	c := &http.Client{Transport: sb.Transport()}
	// Any host works in-process; the request body is consumed and closed.
	r := sandboxtest.Call(t, c, "POST", "http://anything.invalid/desk/hooks.json?auth_token="+sandbox.DeskToken, `{"hook":{"url":"https://example.com"}}`)
	if r.Status != 201 || r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := sandboxtest.Decode[map[string]map[string]string](t, r.Body)["hook"]["id"]
	r = sandboxtest.Call(t, c, "DELETE", sandbox.InProcessRoot+"/desk/hooks/"+id+".json?auth_token="+sandbox.DeskToken, "")
	if r.Status != 204 || r.Body != "" {
		t.Fatalf("delete: %d %q", r.Status, r.Body)
	}
	resp, err := c.Head(sandbox.InProcessRoot + "/")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("HEAD: %v", err)
	}
	resp.Body.Close()
}

// FuzzServe throws arbitrary requests at every dialect: no panic, and
// always a status.
func FuzzServe(f *testing.F) {
	sb, err := sandbox.New(sandbox.Options{Emulators: emulators()})
	if err != nil {
		f.Fatal(err)
	}
	defer sb.Close()
	f.Add("POST", "/trello/1/webhooks?key=sandbox-key&token=sandbox-token", "application/json", `{"callbackURL":"https://x.example/","idModel":"5abbe4b7ddc1b351ef961415"}`)
	f.Add("PUT", "/trello/1/webhooks/5abbe4b7ddc1b351ef961415/active?key=sandbox-key&token=sandbox-token", "", "value=true")
	f.Add("POST", "/desk/hooks.json?auth_token=desk-token", "application/json", `{"hook":{"url":"http://x.example"}}`)
	f.Add("POST", "/entrust/api/web/v1/adminapi/authenticate", "application/json", `{"applicationId":"sandbox-app","sharedSecret":"sandbox-secret"}`)
	f.Add("PUT", "/entrust/api/web/v1/webhooks/0b9e0a0e-52b4-4c33-9d4a-6a8f3a1b2c3d", "application/json", `{"events":null}`)
	c := &http.Client{Transport: sb.Transport()}
	f.Fuzz(func(t *testing.T, method, path, ct, body string) {
		req, err := http.NewRequest(method, sandbox.InProcessRoot+"/"+strings.TrimPrefix(path, "/"), strings.NewReader(body))
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
