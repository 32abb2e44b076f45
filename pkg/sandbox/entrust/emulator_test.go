package entrust

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/sandbox/sandboxtest"
	"github.com/hookctl/hookctl/pkg/signature"
)

func entrustLogin(t *testing.T, c *http.Client, root string) string {
	t.Helper()
	r := sandboxtest.Call(t, c, "POST", root+"/entrust/api/web/v1/adminapi/authenticate", `{"applicationId":"`+AppID+`","sharedSecret":"`+Secret+`"}`)
	if r.Status != 200 {
		t.Fatalf("authenticate: %d %s", r.Status, r.Body)
	}
	m := sandboxtest.Decode[map[string]string](t, r.Body)
	for _, k := range []string{"expirationTime", "creationTime"} {
		if _, err := time.Parse(time.RFC3339, m[k]); err != nil {
			t.Errorf("%s %q is not RFC 3339", k, m[k])
		}
	}
	if m["authToken"] == "" {
		t.Fatal("no authToken")
	}
	return m["authToken"]
}

func TestEntrustAuthenticate(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2024, 3, 15, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	_, srv := sandboxtest.NewServer(t, sandbox.Options{Now: clock, TokenTTL: time.Minute}, Emulator{})
	c := srv.Client()
	auth := srv.URL + "/entrust/api/web/v1/adminapi/authenticate"
	list := srv.URL + "/entrust/api/web/v1/webhooks"

	r := sandboxtest.Call(t, c, "POST", auth, `{"applicationId":"`+AppID+`","sharedSecret":"`+Secret+`"}`)
	m := sandboxtest.Decode[map[string]string](t, r.Body)
	if m["creationTime"] != "2024-03-15T10:00:00Z" || m["expirationTime"] != "2024-03-15T10:01:00Z" {
		t.Fatalf("times: %s", r.Body)
	}
	tok := m["authToken"]

	for _, tc := range []struct{ name, body, code string }{
		{"wrong secret", `{"applicationId":"` + AppID + `","sharedSecret":"nope"}`, `"errorCode":"access_denied"`},
		{"wrong app", `{"applicationId":"nope","sharedSecret":"` + Secret + `"}`, `"errorCode":"access_denied"`},
	} {
		if r := sandboxtest.Call(t, c, "POST", auth, tc.body); r.Status != 401 || !strings.Contains(r.Body, tc.code) {
			t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
		}
	}
	if r := sandboxtest.Call(t, c, "POST", auth, `nope`); r.Status != 400 {
		t.Errorf("malformed authenticate: %d %s", r.Status, r.Body)
	}

	for _, tc := range []struct {
		name, hdr string
		status    int
		code      string
	}{
		{"bearer", "Authorization: Bearer " + tok, 200, ""},
		{"bare token", "Authorization: " + tok, 200, ""},
		{"none", "", 401, "access_denied"},
		{"forged", "Authorization: Bearer " + tok[:len(tok)-2] + "AA", 401, "invalid_session_token"},
		{"garbage", "Authorization: Bearer x.y.z", 401, "invalid_session_token"},
	} {
		r := sandboxtest.Call(t, c, "GET", list, "", tc.hdr)
		if r.Status != tc.status || (tc.code != "" && sandboxtest.Decode[map[string]string](t, r.Body)["errorCode"] != tc.code) {
			t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
		}
		if tc.status == 200 && r.Body != "[]" {
			t.Errorf("%s: body %s", tc.name, r.Body)
		}
	}

	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	r = sandboxtest.Call(t, c, "GET", list, "", "Authorization: Bearer "+tok)
	if r.Status != 401 || sandboxtest.Decode[map[string]string](t, r.Body)["errorCode"] != "invalid_session_token" {
		t.Fatalf("expired: %d %s", r.Status, r.Body)
	}

	// Tokens of another tenant (another in-memory sandbox) are refused.
	_, srv2 := sandboxtest.NewServer(t, sandbox.Options{}, Emulator{})
	if r := sandboxtest.Call(t, c, "GET", srv2.URL+"/entrust/api/web/v1/webhooks", "", "Authorization: Bearer "+entrustLogin(t, c, srv.URL)); r.Status != 401 {
		t.Errorf("foreign token: %d", r.Status)
	}
}

func TestEntrustLifecycle(t *testing.T) {
	_, srv := sandboxtest.NewServer(t, sandbox.Options{}, Emulator{})
	c := srv.Client()
	bearer := "Authorization: Bearer " + entrustLogin(t, c, srv.URL)
	api := srv.URL + "/entrust/api/web/v1/webhooks"

	r := sandboxtest.Call(t, c, "POST", api, `{"name":"users","callbackUrl":"https://hooks.example.com/e","events":["user.created","user.deleted","user.created"]}`, bearer)
	if r.Status != 200 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	created := sandboxtest.Decode[map[string]any](t, r.Body)
	id, _ := created["id"].(string)
	if !uuidRe().MatchString(id) || created["token"] == "" || created["token"] == nil || created["enabled"] != true {
		t.Fatalf("create answer: %s", r.Body)
	}
	if ev := fmt.Sprint(created["events"]); ev != "[user.created user.deleted]" {
		t.Errorf("events = %s", ev)
	}

	r = sandboxtest.Call(t, c, "GET", api+"/"+id, "", bearer)
	if r.Status != 200 || strings.Contains(r.Body, `"token"`) {
		t.Fatalf("get must not show the token: %d %s", r.Status, r.Body)
	}
	r = sandboxtest.Call(t, c, "GET", api, "", bearer)
	if list := sandboxtest.Decode[[]map[string]any](t, r.Body); len(list) != 1 || strings.Contains(r.Body, `"token"`) {
		t.Fatalf("list: %s", r.Body)
	}

	r = sandboxtest.Call(t, c, "PUT", api+"/"+strings.ToUpper(id), `{"enabled":false,"name":"renamed"}`, bearer)
	got := sandboxtest.Decode[map[string]any](t, r.Body)
	if r.Status != 200 || got["enabled"] != false || got["name"] != "renamed" || got["callbackUrl"] != "https://hooks.example.com/e" {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}

	r = sandboxtest.Call(t, c, "DELETE", api+"/"+id, "", bearer)
	if r.Status != 200 || r.Body != "" {
		t.Fatalf("delete: %d %q", r.Status, r.Body)
	}
	if r := sandboxtest.Call(t, c, "GET", api+"/"+id, "", bearer); r.Status != 404 || sandboxtest.Decode[map[string]string](t, r.Body)["errorCode"] != "not_found" {
		t.Fatalf("get deleted: %d %s", r.Status, r.Body)
	}
}

func TestEntrustErrors(t *testing.T) {
	_, srv := sandboxtest.NewServer(t, sandbox.Options{}, Emulator{})
	c := srv.Client()
	bearer := "Authorization: Bearer " + entrustLogin(t, c, srv.URL)
	api := srv.URL + "/entrust/api/web/v1/webhooks"
	mk := func(name string, enabled bool) sandboxtest.Reply {
		return sandboxtest.Call(t, c, "POST", api, fmt.Sprintf(`{"name":%q,"callbackUrl":"https://h.example.com/%s","events":["user.created"],"enabled":%v}`, name, name, enabled), bearer)
	}
	if r := mk("first", true); r.Status != 200 {
		t.Fatal(r.Body)
	}
	tests := []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"http remote callback", "POST", "", `{"name":"a","callbackUrl":"http://h.example.com/","events":["user.created"]}`, 400, "invalid_parameter"},
		{"relative callback", "POST", "", `{"name":"a","callbackUrl":"/x","events":["user.created"]}`, 400, "invalid_parameter"},
		{"no callback", "POST", "", `{"name":"a","events":["user.created"]}`, 400, "invalid_parameter"},
		{"no events", "POST", "", `{"name":"a","callbackUrl":"https://h.example.com/","events":[]}`, 400, "invalid_parameter"},
		{"unknown event", "POST", "", `{"name":"a","callbackUrl":"https://h.example.com/","events":["user.exploded"]}`, 400, "invalid_parameter"},
		{"no name", "POST", "", `{"callbackUrl":"https://h.example.com/","events":["user.created"]}`, 400, "invalid_parameter"},
		{"wrong type", "POST", "", `{"name":"a","callbackUrl":"https://h.example.com/","events":"user.created"}`, 400, "invalid_request"},
		{"duplicate name", "POST", "", `{"name":"first","callbackUrl":"https://h.example.com/2","events":["user.created"]}`, 409, "duplicate_webhook"},
		{"non-UUID id", "GET", "/42", "", 400, "invalid_parameter"},
		{"unknown id", "GET", "/0b9e0a0e-52b4-4c33-9d4a-6a8f3a1b2c3d", "", 404, "not_found"},
		{"update unknown id", "PUT", "/0b9e0a0e-52b4-4c33-9d4a-6a8f3a1b2c3d", `{"enabled":true}`, 404, "not_found"},
		{"test non-UUID id", "POST", "/test/nope", "", 400, "invalid_parameter"},
		{"method not allowed", "PATCH", "", "", 405, "method_not_allowed"},
		{"unknown path", "GET", "/x/y/z", "", 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sandboxtest.Call(t, c, tt.method, api+tt.path, tt.body, bearer)
			if r.Status != tt.status || sandboxtest.Decode[map[string]string](t, r.Body)["errorCode"] != tt.code {
				t.Fatalf("got %d %s, want %d %s", r.Status, r.Body, tt.status, tt.code)
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
	// http is accepted for loopback callbacks (a documented deviation).
	if r := sandboxtest.Call(t, c, "POST", api, `{"name":"local","callbackUrl":"http://127.0.0.1:9/x","events":["user.created"]}`, bearer); r.Status != 200 {
		t.Fatalf("loopback http callback: %d %s", r.Status, r.Body)
	}
}

func TestEntrustEnabledLimit(t *testing.T) {
	_, srv := sandboxtest.NewServer(t, sandbox.Options{}, Emulator{})
	c := srv.Client()
	bearer := "Authorization: Bearer " + entrustLogin(t, c, srv.URL)
	api := srv.URL + "/entrust/api/web/v1/webhooks"
	mk := func(name string, enabled bool) sandboxtest.Reply {
		return sandboxtest.Call(t, c, "POST", api, fmt.Sprintf(`{"name":%q,"callbackUrl":"https://h.example.com/%s","events":["user.created"],"enabled":%v}`, name, name, enabled), bearer)
	}
	for i := range MaxEnabled {
		if r := mk(fmt.Sprint("on", i), true); r.Status != 200 {
			t.Fatalf("webhook %d: %d %s", i, r.Status, r.Body)
		}
	}
	r := mk("one-too-many", true)
	if r.Status != 409 || sandboxtest.Decode[map[string]string](t, r.Body)["errorCode"] != "webhook_limit_exceeded" {
		t.Fatalf("21st enabled: %d %s", r.Status, r.Body)
	}
	r = mk("disabled", false)
	if r.Status != 200 {
		t.Fatalf("disabled one over the limit: %d %s", r.Status, r.Body)
	}
	id := sandboxtest.Decode[map[string]any](t, r.Body)["id"].(string)
	if r := sandboxtest.Call(t, c, "PUT", api+"/"+id, `{"enabled":true}`, bearer); r.Status != 409 {
		t.Fatalf("enabling over the limit: %d %s", r.Status, r.Body)
	}
	// Renaming an enabled webhook at the limit is fine.
	var list []map[string]any
	_ = json.Unmarshal([]byte(sandboxtest.Call(t, c, "GET", api, "", bearer).Body), &list)
	if r := sandboxtest.Call(t, c, "PUT", api+"/"+list[0]["id"].(string), `{"name":"renamed"}`, bearer); r.Status != 200 {
		t.Fatalf("rename at the limit: %d %s", r.Status, r.Body)
	}
}

func TestEntrustTestDelivery(t *testing.T) {
	created := time.Unix(1710496800, 0)
	_, srv := sandboxtest.NewServer(t, sandbox.Options{Now: func() time.Time { return created }}, Emulator{})
	c := srv.Client()
	bearer := "Authorization: Bearer " + entrustLogin(t, c, srv.URL)
	api := srv.URL + "/entrust/api/web/v1/webhooks"
	cb := sandboxtest.NewCallback(t, http.StatusOK)
	callback := cb.URL + "/entrust?x=1"

	r := sandboxtest.Call(t, c, "POST", api, `{"name":"t","callbackUrl":"`+callback+`","events":["password.updated"]}`, bearer)
	if r.Status != 200 {
		t.Fatal(r.Body)
	}
	hook := sandboxtest.Decode[map[string]any](t, r.Body)
	id, token := hook["id"].(string), hook["token"].(string)

	r = sandboxtest.Call(t, c, "POST", api+"/test/"+id, "", bearer)
	res := sandboxtest.Decode[map[string]any](t, r.Body)
	if r.Status != 200 || res["delivered"] != true || res["statusCode"] != 200.0 {
		t.Fatalf("test: %d %s", r.Status, r.Body)
	}
	_, reqs := cb.Got()
	if len(reqs) != 1 {
		t.Fatalf("deliveries = %d", len(reqs))
	}
	d := reqs[0]
	if !signature.EntrustSHA2Verify(token, d.Body, d.Header.Get("x-sha2-signature")) {
		t.Error("x-sha2-signature does not verify")
	}
	target := "http://" + d.Host + d.URI
	if err := signature.RFC9421Verify(d.Header, d.Method, target, d.Body, token); err != nil {
		t.Errorf("RFC 9421 signature: %v", err)
	}
	wantInput := fmt.Sprintf(`sig=("@method" "@target-uri" "content-digest");created=%d;keyid="%s";alg="hmac-sha256"`, created.Unix(), id)
	if got := d.Header.Get("Signature-Input"); got != wantInput {
		t.Errorf("Signature-Input = %s\nwant %s", got, wantInput)
	}
	if signature.EntrustSHA2Verify("wrong", d.Body, d.Header.Get("x-sha2-signature")) ||
		signature.RFC9421Verify(d.Header, d.Method, target, append(d.Body, ' '), token) == nil {
		t.Error("tampered delivery verified")
	}
	ev := sandboxtest.Decode[map[string]any](t, string(d.Body))
	for _, k := range []string{"id", "type", "accountId", "eventTime", "data"} {
		if ev[k] == nil {
			t.Errorf("event has no %s: %s", k, d.Body)
		}
	}
	if ev["type"] != "password.updated" || ev["eventTime"] != "2024-03-15T10:00:00.000Z" {
		t.Errorf("event: %s", d.Body)
	}

	// A callback that cannot be reached: 400 webhook_test_failed.
	dead := sandboxtest.NewCallback(t, 200)
	dead.Close()
	r = sandboxtest.Call(t, c, "POST", api, `{"name":"dead","callbackUrl":"`+dead.URL+`","events":["user.created"]}`, bearer)
	deadID := sandboxtest.Decode[map[string]any](t, r.Body)["id"].(string)
	r = sandboxtest.Call(t, c, "POST", api+"/test/"+deadID, "", bearer)
	if r.Status != 400 || sandboxtest.Decode[map[string]string](t, r.Body)["errorCode"] != "webhook_test_failed" {
		t.Fatalf("dead callback: %d %s", r.Status, r.Body)
	}
	// Unknown id.
	if r := sandboxtest.Call(t, c, "POST", api+"/test/0b9e0a0e-52b4-4c33-9d4a-6a8f3a1b2c3d", "", bearer); r.Status != 404 {
		t.Fatalf("test unknown: %d %s", r.Status, r.Body)
	}
}

// As Entrust documents, 100 consecutive failed deliveries disable a webhook;
// enabling it again starts the count over.
func TestEntrustDisablesAfterConsecutiveFailures(t *testing.T) {
	_, srv := sandboxtest.NewServer(t, sandbox.Options{}, Emulator{})
	c := srv.Client()
	bearer := "Authorization: Bearer " + entrustLogin(t, c, srv.URL)
	api := srv.URL + "/entrust/api/web/v1/webhooks"
	failing := sandboxtest.NewCallback(t, http.StatusInternalServerError)
	r := sandboxtest.Call(t, c, "POST", api, `{"name":"f","callbackUrl":"`+failing.URL+`","events":["user.created"]}`, bearer)
	id := sandboxtest.Decode[map[string]any](t, r.Body)["id"].(string)
	enabled := func() bool {
		t.Helper()
		r := sandboxtest.Call(t, c, "GET", api+"/"+id, "", bearer)
		return sandboxtest.Decode[map[string]any](t, r.Body)["enabled"] == true
	}

	for i := 1; i < DisableAfter; i++ {
		r := sandboxtest.Call(t, c, "POST", api+"/test/"+id, "", bearer)
		if res := sandboxtest.Decode[map[string]any](t, r.Body); r.Status != 200 || res["statusCode"] != 500.0 || res["note"] != nil {
			t.Fatalf("failure %d: %d %s", i, r.Status, r.Body)
		}
	}
	if !enabled() {
		t.Fatalf("disabled after %d failures", DisableAfter-1)
	}
	r = sandboxtest.Call(t, c, "POST", api+"/test/"+id, "", bearer)
	if !strings.Contains(r.Body, "disabled after 100 consecutive failed deliveries") {
		t.Fatalf("failure %d: %s", DisableAfter, r.Body)
	}
	if enabled() {
		t.Fatalf("still enabled after %d failures", DisableAfter)
	}

	// Enabled again, one more failure does not disable it.
	if r := sandboxtest.Call(t, c, "PUT", api+"/"+id, `{"enabled":true}`, bearer); r.Status != 200 {
		t.Fatalf("enable: %d %s", r.Status, r.Body)
	}
	sandboxtest.Call(t, c, "POST", api+"/test/"+id, "", bearer)
	if !enabled() {
		t.Fatal("disabled by the first failure after being enabled again")
	}
}
