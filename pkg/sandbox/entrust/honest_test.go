package entrust

import (
	"strings"
	"testing"
)

// Issue 14 item 4: a test to a URL the sandbox may not reach is a failed
// test that says why, never "200 OK", and is not held against the webhook.
func TestEntrustTestToARemoteURLIsNotClaimed(t *testing.T) {
	_, srv := newServer(t, Options{})
	c := srv.Client()
	bearer := "Authorization: Bearer " + entrustLogin(t, c, srv.URL)
	api := srv.URL + "/entrust/api/web/v1/webhooks"
	r := call(t, c, "POST", api, `{"name":"remote","callbackUrl":"https://example.com/e1","events":["user.created"]}`, bearer)
	if r.status != 200 {
		t.Fatal(r.body)
	}
	id := decode[map[string]any](t, r.body)["id"].(string)
	for i := 0; i < EntrustDisableAfter+1; i++ {
		r = call(t, c, "POST", api+"/test/"+id, "", bearer)
		if r.status != 400 || !strings.Contains(r.body, `"errorCode":"webhook_test_failed"`) || !strings.Contains(r.body, "not delivered") || !strings.Contains(r.body, "example.com is not one") {
			t.Fatalf("test %d: %d %s", i, r.status, r.body)
		}
	}
	r = call(t, c, "GET", api+"/"+id, "", bearer)
	if !strings.Contains(r.body, `"enabled":true`) {
		t.Errorf("a delivery the sandbox never tried disabled the webhook: %s", r.body)
	}
}
