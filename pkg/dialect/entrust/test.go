package entrust

import (
	"context"
	"encoding/json"
	"errors"
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
	// Entrust signs every delivery with the webhook's token (x-sha2-signature
	// and RFC 9421), and picks the sample event itself.
	res := webhook.TestResult{URL: w.URL, Signed: true}
	start := time.Now()
	resp, err := b.call(ctx, http.MethodPost, testPath(req.ID), nil)
	if err != nil {
		return res, err
	}
	res.Elapsed = time.Since(start)
	res.Status = resp.Status
	// The answer's shape is not published; where it reports the event sent
	// and the callback's status, show those rather than the API's own 200.
	// Where it says nothing was delivered, the test failed.
	var report struct {
		EventType  string `json:"eventType"`
		StatusCode int    `json:"statusCode"`
		Delivered  *bool  `json:"delivered"`
		Note       string `json:"note"`
	}
	if json.Unmarshal(resp.Body, &report) == nil {
		res.Event = report.EventType
		if report.StatusCode > 0 {
			res.Status = report.StatusCode
		} else if report.Delivered != nil && !*report.Delivered {
			why := "entrust did not deliver it"
			if report.Note != "" {
				why += ": " + b.cfg.Client.Redactor().String(report.Note)
			}
			return res, errors.New(why)
		}
	}
	if len(strings.TrimSpace(string(resp.Body))) > 0 {
		res.Message = b.cfg.Client.Redactor().String(httpx.Snippet(resp.Body))
	}
	return res, nil
}
