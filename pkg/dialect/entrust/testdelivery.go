package entrust

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Test asks Entrust to send its dummy payload to a registered webhook with
// POST /api/web/v1/webhooks/test/{id}. Entrust tests only registered
// webhooks, and chooses the payload itself.
func (b *Backend) Test(ctx context.Context, req webhook.TestRequest) (webhook.TestResult, error) {
	if req.ID == "" {
		return webhook.TestResult{}, webhook.Invalid("--url", "entrust can only test a registered webhook: pass its id instead of a bare URL")
	}
	if req.Event != "" {
		return webhook.TestResult{}, webhook.Invalid("--event", "entrust's test endpoint sends its own sample payload; it takes no event")
	}
	w, err := b.Get(ctx, req.ID)
	if err != nil {
		return webhook.TestResult{}, err
	}
	// Entrust signs every delivery with the webhook's token (x-sha2-signature
	// and RFC 9421), and picks the sample event itself.
	res := webhook.TestResult{URL: w.URL, Signed: true}
	// The answer's shape is not published; where it reports the event sent
	// and the callback's status, those are the test's, not the API's 200.
	return b.api.Test(ctx, http.MethodPost, webhooksPath+"/test/"+url.PathEscape(req.ID), nil, res,
		kit.Report{Status: "statusCode", Event: "eventType", Delivered: "delivered", Note: "note", Who: Dialect})
}
