package trello

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/sandbox/sandboxtest"
)

const (
	model1 = "5abbe4b7ddc1b351ef961415"
	model2 = "5abbe4b7ddc1b351ef961416"
)

func trelloAuthQuery() string { return "key=" + Key + "&token=" + Token }

func oauthHeader(key, token string) string {
	return fmt.Sprintf(`Authorization: OAuth oauth_consumer_key="%s", oauth_token="%s"`, key, token)
}

func TestTrelloAuth(t *testing.T) {
	_, srv := sandboxtest.NewServer(t, sandbox.Options{}, Emulator{})
	base := srv.URL + "/trello/1/tokens/" + Token + "/webhooks"
	tests := []struct {
		name   string
		url    string
		hdr    []string
		status int
		body   string
	}{
		{"query credentials", base + "?" + trelloAuthQuery(), nil, 200, "[]"},
		{"oauth header", base, []string{oauthHeader(Key, Token)}, 200, "[]"},
		{"second user token", srv.URL + "/trello/1/tokens/sandbox-token-2/webhooks", []string{oauthHeader(Key, "sandbox-token-2")}, 200, "[]"},
		{"no credentials", base, nil, 401, "invalid key"},
		{"wrong key", base + "?key=nope&token=" + Token, nil, 401, "invalid key"},
		{"wrong key in header", base, []string{oauthHeader("nope", Token)}, 401, "invalid key"},
		{"wrong token in header", base, []string{oauthHeader(Key, "nope")}, 401, "invalid token"},
		{"wrong token in path", srv.URL + "/trello/1/tokens/nope/webhooks?key=" + Key, nil, 401, "invalid token"},
		{"path token not the caller's", srv.URL + "/trello/1/tokens/sandbox-token-2/webhooks?" + trelloAuthQuery(), nil, 401, "unauthorized permission requested"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sandboxtest.Call(t, srv.Client(), "GET", tt.url, "", tt.hdr...)
			if r.Status != tt.status || r.Body != tt.body {
				t.Fatalf("got %d %q, want %d %q", r.Status, r.Body, tt.status, tt.body)
			}
			if tt.status == 401 && r.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type = %q", r.Header.Get("Content-Type"))
			}
		})
	}
	// Other endpoints: a missing token is a permission error.
	r := sandboxtest.Call(t, srv.Client(), "GET", srv.URL+"/trello/1/webhooks/"+model1+"?key="+Key, "")
	if r.Status != 401 || r.Body != "unauthorized permission requested" {
		t.Fatalf("no token: %d %q", r.Status, r.Body)
	}
}

func TestTrelloLifecycle(t *testing.T) {
	_, srv := sandboxtest.NewServer(t, sandbox.Options{}, Emulator{})
	c := srv.Client()
	api := srv.URL + "/trello/1"
	auth := oauthHeader(Key, Token)

	// Create from a JSON body.
	r := sandboxtest.Call(t, c, "POST", api+"/webhooks", `{"description":"Board hook","callbackURL":"https://example.com/hook","idModel":"`+model1+`"}`, auth)
	if r.Status != 200 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	wh := sandboxtest.Decode[map[string]any](t, r.Body)
	id, _ := wh["id"].(string)
	if !hex24Re().MatchString(id) || id != strings.ToLower(id) {
		t.Fatalf("id %q is not 24 lower-case hex", id)
	}
	for _, k := range []string{"id", "description", "idModel", "callbackURL", "active", "consecutiveFailures", "firstConsecutiveFailDate"} {
		if _, ok := wh[k]; !ok {
			t.Errorf("webhook has no %q: %s", k, r.Body)
		}
	}
	if len(wh) != 7 || wh["active"] != true || wh["firstConsecutiveFailDate"] != nil || wh["consecutiveFailures"] != 0.0 {
		t.Errorf("webhook = %s", r.Body)
	}

	// Create from query parameters and from a form body.
	r = sandboxtest.Call(t, c, "POST", api+"/webhooks?"+trelloAuthQuery()+"&callbackURL="+url.QueryEscape("https://example.com/two")+"&idModel="+model1+"&active=false", "")
	if r.Status != 200 || sandboxtest.Decode[map[string]any](t, r.Body)["active"] != false {
		t.Fatalf("create from query: %d %s", r.Status, r.Body)
	}
	form := url.Values{"callbackURL": {"https://example.com/three"}, "idModel": {model2}, "key": {Key}, "token": {Token}}
	r = sandboxtest.Call(t, c, "POST", api+"/webhooks", form.Encode(), "Content-Type: application/x-www-form-urlencoded")
	if r.Status != 200 {
		t.Fatalf("create from form: %d %s", r.Status, r.Body)
	}
	// The documented PUT /1/webhooks/ also creates.
	r = sandboxtest.Call(t, c, "PUT", api+"/webhooks/", `{"callbackURL":"https://example.com/four","idModel":"`+model2+`"}`, auth)
	if r.Status != 200 {
		t.Fatalf("create with PUT: %d %s", r.Status, r.Body)
	}

	r = sandboxtest.Call(t, c, "GET", api+"/tokens/"+Token+"/webhooks", "", auth)
	if list := sandboxtest.Decode[[]map[string]any](t, r.Body); r.Status != 200 || len(list) != 4 {
		t.Fatalf("list: %d %s", r.Status, r.Body)
	}

	// Get, fields.
	r = sandboxtest.Call(t, c, "GET", api+"/webhooks/"+id, "", auth)
	if r.Status != 200 || sandboxtest.Decode[map[string]any](t, r.Body)["description"] != "Board hook" {
		t.Fatalf("get: %d %s", r.Status, r.Body)
	}
	for field, want := range map[string]string{
		"description": `{"_value":"Board hook"}`, "idModel": `{"_value":"` + model1 + `"}`,
		"callbackURL": `{"_value":"https://example.com/hook"}`, "active": `{"_value":true}`,
		"consecutiveFailures": `{"_value":0}`, "firstConsecutiveFailDate": `{"_value":null}`,
	} {
		if r := sandboxtest.Call(t, c, "GET", api+"/webhooks/"+id+"/"+field, "", auth); r.Status != 200 || r.Body != want {
			t.Errorf("GET field %s: %d %s, want %s", field, r.Status, r.Body, want)
		}
	}

	// Update all, then one field by query and by body.
	r = sandboxtest.Call(t, c, "PUT", api+"/webhooks/"+id, `{"description":"renamed","active":false}`, auth)
	if m := sandboxtest.Decode[map[string]any](t, r.Body); r.Status != 200 || m["description"] != "renamed" || m["active"] != false {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	r = sandboxtest.Call(t, c, "PUT", api+"/webhooks/"+id+"/active?value=true", "", auth)
	if m := sandboxtest.Decode[map[string]any](t, r.Body); r.Status != 200 || m["active"] != true {
		t.Fatalf("set active: %d %s", r.Status, r.Body)
	}
	r = sandboxtest.Call(t, c, "PUT", api+"/webhooks/"+id+"/description", `{"value":"via body"}`, auth)
	if m := sandboxtest.Decode[map[string]any](t, r.Body); r.Status != 200 || m["description"] != "via body" {
		t.Fatalf("set description: %d %s", r.Status, r.Body)
	}
	r = sandboxtest.Call(t, c, "PUT", api+"/webhooks/"+id+"/idModel?value="+strings.ToUpper(model2), "", auth)
	if m := sandboxtest.Decode[map[string]any](t, r.Body); r.Status != 200 || m["idModel"] != model2 {
		t.Fatalf("set idModel: %d %s", r.Status, r.Body)
	}

	// Delete.
	r = sandboxtest.Call(t, c, "DELETE", api+"/webhooks/"+id, "", auth)
	if r.Status != 200 || r.Body != `{"_value":null}` {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	r = sandboxtest.Call(t, c, "GET", api+"/webhooks/"+id, "", auth)
	if r.Status != 404 || r.Body != "The requested resource was not found." {
		t.Fatalf("get deleted: %d %s", r.Status, r.Body)
	}
	r = sandboxtest.Call(t, c, "DELETE", api+"/webhooks/"+id, "", auth)
	if r.Status != 404 {
		t.Fatalf("delete twice: %d %s", r.Status, r.Body)
	}
}

func TestTrelloErrors(t *testing.T) {
	_, srv := sandboxtest.NewServer(t, sandbox.Options{}, Emulator{})
	c := srv.Client()
	api := srv.URL + "/trello/1"
	auth := oauthHeader(Key, Token)
	other := oauthHeader(Key, "sandbox-token-2")
	r := sandboxtest.Call(t, c, "POST", api+"/webhooks", `{"callbackURL":"https://example.com/hook","idModel":"`+model1+`"}`, auth)
	if r.Status != 200 {
		t.Fatal(r.Body)
	}
	id := sandboxtest.Decode[map[string]any](t, r.Body)["id"].(string)
	r = sandboxtest.Call(t, c, "POST", api+"/webhooks", `{"callbackURL":"https://example.com/other","idModel":"`+model1+`"}`, auth)
	id2 := sandboxtest.Decode[map[string]any](t, r.Body)["id"].(string)
	long := strings.Repeat("é", maxDescription+1)

	tests := []struct {
		name, method, path, body string
		hdr                      string
		status                   int
		want                     string
	}{
		{"missing callbackURL", "POST", "/webhooks", `{"idModel":"` + model1 + `"}`, auth, 400, "invalid value for callbackURL"},
		{"relative callbackURL", "POST", "/webhooks", `{"callbackURL":"/hook","idModel":"` + model1 + `"}`, auth, 400, "invalid value for callbackURL"},
		{"ftp callbackURL", "POST", "/webhooks", `{"callbackURL":"ftp://example.com/","idModel":"` + model1 + `"}`, auth, 400, "invalid value for callbackURL"},
		{"missing idModel", "POST", "/webhooks", `{"callbackURL":"https://example.com/x"}`, auth, 400, "invalid value for idModel"},
		{"bad idModel", "POST", "/webhooks", `{"callbackURL":"https://example.com/x","idModel":"board"}`, auth, 400, "invalid value for idModel"},
		{"long description", "POST", "/webhooks", `{"callbackURL":"https://example.com/x","idModel":"` + model1 + `","description":"` + long + `"}`, auth, 400, "invalid value for description"},
		{"bad active", "POST", "/webhooks", `{"callbackURL":"https://example.com/x","idModel":"` + model1 + `","active":"yes"}`, auth, 400, "invalid value for active"},
		{"malformed JSON", "POST", "/webhooks", `{"callbackURL":`, auth, 400, "invalid json"},
		{"duplicate", "POST", "/webhooks", `{"callbackURL":"https://example.com/hook","idModel":"` + model1 + `"}`, auth, 400, trelloDuplicate},
		{"update into a duplicate", "PUT", "/webhooks/" + id2, `{"callbackURL":"https://example.com/hook"}`, auth, 400, trelloDuplicate},
		{"non-hex id", "GET", "/webhooks/not-an-id", "", auth, 400, "invalid id"},
		{"short id", "DELETE", "/webhooks/5abbe4b7", "", auth, 400, "invalid id"},
		{"unknown id", "GET", "/webhooks/" + model2, "", auth, 404, trelloNotFound},
		{"unknown id on PUT", "PUT", "/webhooks/" + model2 + "/active?value=true", "", auth, 404, trelloNotFound},
		{"another token's webhook", "GET", "/webhooks/" + id, "", other, 401, trelloNotOwner},
		{"delete another token's webhook", "DELETE", "/webhooks/" + id, "", other, 401, trelloNotOwner},
		{"unknown field GET", "GET", "/webhooks/" + id + "/color", "", auth, 404, "Cannot GET /1/webhooks/" + id + "/color"},
		{"read-only field PUT", "PUT", "/webhooks/" + id + "/consecutiveFailures?value=3", "", auth, 404, "Cannot PUT /1/webhooks/" + id + "/consecutiveFailures"},
		{"field PUT without value", "PUT", "/webhooks/" + id + "/active", "", auth, 400, "invalid value for value"},
		{"field PUT bad value", "PUT", "/webhooks/" + id + "/active?value=maybe", "", auth, 400, "invalid value for value"},
		{"field PUT bad idModel", "PUT", "/webhooks/" + id + "/idModel?value=xyz", "", auth, 400, "invalid value for value"},
		{"list without id", "GET", "/webhooks", "", auth, 404, "Cannot GET /1/webhooks"},
		{"unknown route", "GET", "/boards", "", auth, 404, "Cannot GET /1/boards"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sandboxtest.Call(t, c, tt.method, api+tt.path, tt.body, tt.hdr)
			if r.Status != tt.status || r.Body != tt.want {
				t.Fatalf("got %d %q, want %d %q", r.Status, r.Body, tt.status, tt.want)
			}
		})
	}
	// The other user sees only its own (empty) list; ours is intact.
	if r := sandboxtest.Call(t, c, "GET", api+"/tokens/sandbox-token-2/webhooks", "", other); r.Body != "[]" {
		t.Errorf("other user's list = %s", r.Body)
	}
	if r := sandboxtest.Call(t, c, "GET", api+"/tokens/"+Token+"/webhooks", "", auth); len(sandboxtest.Decode[[]any](t, r.Body)) != 2 {
		t.Errorf("list = %s", r.Body)
	}
	// The same callback and model under another token is not a duplicate.
	if r := sandboxtest.Call(t, c, "POST", api+"/webhooks", `{"callbackURL":"https://example.com/hook","idModel":"`+model1+`"}`, other); r.Status != 200 {
		t.Errorf("same hook for another token: %d %s", r.Status, r.Body)
	}
}

func TestTrelloCallbackProbe(t *testing.T) {
	_, srv := sandboxtest.NewServer(t, sandbox.Options{}, Emulator{})
	c := srv.Client()
	api := srv.URL + "/trello/1"
	auth := oauthHeader(Key, Token)
	ok := sandboxtest.NewCallback(t, http.StatusOK)
	missing := sandboxtest.NewCallback(t, http.StatusNotFound)

	r := sandboxtest.Call(t, c, "POST", api+"/webhooks", `{"callbackURL":"`+ok.URL+`/hook","idModel":"`+model1+`"}`, auth)
	if r.Status != 200 {
		t.Fatalf("create against a 200 callback: %d %s", r.Status, r.Body)
	}
	if heads, _ := ok.Got(); heads != 1 {
		t.Errorf("HEAD probes = %d, want 1", heads)
	}
	id := sandboxtest.Decode[map[string]any](t, r.Body)["id"].(string)

	r = sandboxtest.Call(t, c, "POST", api+"/webhooks", `{"callbackURL":"`+missing.URL+`/hook","idModel":"`+model1+`"}`, auth)
	want := "URL (" + missing.URL + "/hook) did not return 200 status code, got 404"
	if r.Status != 400 || r.Body != want {
		t.Fatalf("create against a 404 callback: %d %q, want 400 %q", r.Status, r.Body, want)
	}

	// Changing the callback probes the new URL; unchanged does not.
	r = sandboxtest.Call(t, c, "PUT", api+"/webhooks/"+id+"/callbackURL?value="+url.QueryEscape(missing.URL+"/x"), "", auth)
	if r.Status != 400 || !strings.Contains(r.Body, "did not return 200 status code, got 404") {
		t.Fatalf("update to a 404 callback: %d %s", r.Status, r.Body)
	}
	r = sandboxtest.Call(t, c, "PUT", api+"/webhooks/"+id, `{"callbackURL":"`+ok.URL+`/hook","description":"same url"}`, auth)
	if heads, _ := ok.Got(); r.Status != 200 || heads != 1 {
		t.Fatalf("update with same URL: %d %s, probes %d", r.Status, r.Body, heads)
	}

	// A loopback URL nobody listens on fails; a remote host is not probed.
	dead := sandboxtest.NewCallback(t, 200)
	deadURL := dead.URL
	dead.Close()
	r = sandboxtest.Call(t, c, "POST", api+"/webhooks", `{"callbackURL":"`+deadURL+`","idModel":"`+model2+`"}`, auth)
	if r.Status != 400 || !strings.Contains(r.Body, "did not return 200 status code, got no response") {
		t.Fatalf("dead callback: %d %s", r.Status, r.Body)
	}
	r = sandboxtest.Call(t, c, "POST", api+"/webhooks", `{"callbackURL":"https://hooks.example.invalid/x","idModel":"`+model2+`"}`, auth)
	if r.Status != 200 {
		t.Fatalf("remote callback: %d %s", r.Status, r.Body)
	}
}
