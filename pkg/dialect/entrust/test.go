package entrust

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
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
	res := webhook.TestResult{URL: w.URL}
	start := time.Now()
	resp, err := b.call(ctx, http.MethodPost, testPath(req.ID), nil)
	if err != nil {
		return res, err
	}
	res.Elapsed = time.Since(start)
	res.Status = resp.Status
	if len(strings.TrimSpace(string(resp.Body))) > 0 {
		res.Message = b.cfg.Client.Redactor().String(httpx.Snippet(resp.Body))
	}
	return res, nil
}
