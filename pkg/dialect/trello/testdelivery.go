package trello

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Test sends a sample delivery the way Trello would: Trello has no test
// endpoint, so hookctl checks the callback answers HEAD with 200 (as Trello
// does on create) and then POSTs a realistic action, signed with
// X-Trello-Webhook when the profile has the app secret.
func (b *Backend) Test(ctx context.Context, req webhook.TestRequest) (webhook.TestResult, error) {
	hook := webhook.Webhook{ID: "5abbe4b7ddc1b351ef961414", URL: req.URL}
	if req.ID != "" {
		w, err := b.Get(ctx, req.ID)
		if err != nil {
			return webhook.TestResult{}, err
		}
		hook = w
	}
	res := webhook.TestResult{URL: hook.URL, Event: cmp.Or(req.Event, Schema.DefaultEvent)}
	head, err := b.cfg.Deliver.Do(ctx, &httpx.Request{Method: http.MethodHead, URL: hook.URL})
	if err != nil {
		return res, fmt.Errorf("callback check: %w", err)
	}
	if head.Status != http.StatusOK {
		// The callback's answer, not the backend's: a plain failure (exit 1).
		return res, fmt.Errorf("the callback answered HEAD with %d; Trello needs 200", head.Status)
	}
	h, v, err := delivery(res.Event, hook, time.Now())
	if err != nil {
		return res, err
	}
	return kit.SendSigned(ctx, b.cfg.Deliver, hook.URL, h, v, Signer, b.cfg.Secret, res)
}
