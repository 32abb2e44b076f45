package entrust

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// An answer that says nothing was delivered is a failed test, never the
// API's own 200.
func TestTestNotDeliveredIsAFailure(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
		if strings.Contains(r.URL.Path, "/webhooks/test/") {
			reply(w, 200, `{"webhookId":"x","delivered":false,"note":"not delivered: the sandbox sends only to loopback addresses"}`)
			return
		}
		reply(w, 200, hook1)
	})
	_, err := f.backend().Test(context.Background(), webhook.TestRequest{ID: id1})
	if err == nil || !strings.Contains(err.Error(), "not delivered") {
		t.Fatalf("err = %v", err)
	}
}
