package supportbee

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// What the URL answered is the test's status (a 500 from the receiver is
// not "200 OK"); an answer that says nothing was delivered is a failure.
func TestTestReportsTheReceiversAnswer(t *testing.T) {
	answer := ""
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
		reply(w, 200, answer)
	})
	b := f.backend()
	answer = `{"web_hook_test":{"action_type":"ticket.created","url":"http://127.0.0.1:9/x","delivered":true,"response_code":500}}`
	res, err := b.Test(context.Background(), webhook.TestRequest{URL: "http://127.0.0.1:9/x"})
	if err != nil || res.Status != 500 {
		t.Fatalf("delivered, answered 500: %+v, %v", res, err)
	}
	answer = `{"web_hook_test":{"delivered":false,"note":"not delivered: somewhere else"}}`
	_, err = b.Test(context.Background(), webhook.TestRequest{URL: "https://example.com/x"})
	if err == nil || !strings.Contains(err.Error(), "not delivered: somewhere else") {
		t.Fatalf("not delivered: %v", err)
	}
}
