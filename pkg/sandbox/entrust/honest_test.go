package entrust

import (
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/sandbox/sandboxtest"
)

// Issue 14 item 4: a test to a URL the sandbox may not reach is a failed
// test that says why, never "200 OK", and is not held against the webhook.
func TestEntrustTestToARemoteURLIsNotClaimed(t *testing.T) {
	_, srv := sandboxtest.NewServer(t, sandbox.Options{}, Emulator{})
	c := srv.Client()
	bearer := "Authorization: Bearer " + entrustLogin(t, c, srv.URL)
	api := srv.URL + "/entrust/api/web/v1/webhooks"
	r := sandboxtest.Call(t, c, "POST", api, `{"name":"remote","callbackUrl":"https://example.com/e1","events":["user.created"]}`, bearer)
	if r.Status != 200 {
		t.Fatal(r.Body)
	}
	id := sandboxtest.Decode[map[string]any](t, r.Body)["id"].(string)
	for i := 0; i < DisableAfter+1; i++ {
		r = sandboxtest.Call(t, c, "POST", api+"/test/"+id, "", bearer)
		if r.Status != 400 || !strings.Contains(r.Body, `"errorCode":"webhook_test_failed"`) || !strings.Contains(r.Body, "not delivered") || !strings.Contains(r.Body, "example.com is not one") {
			t.Fatalf("test %d: %d %s", i, r.Status, r.Body)
		}
	}
	r = sandboxtest.Call(t, c, "GET", api+"/"+id, "", bearer)
	if !strings.Contains(r.Body, `"enabled":true`) {
		t.Errorf("a delivery the sandbox never tried disabled the webhook: %s", r.Body)
	}
}
