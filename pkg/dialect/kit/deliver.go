package kit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// SendSample POSTs a sample delivery (already signed, when it is) to
// target with the delivery client, and reports the receiver's answer: the
// one way `test` sends a delivery when the vendor has no test call of its
// own. res is filled in (status, time, the answer's first bytes) and
// returned.
func SendSample(ctx context.Context, c *httpx.Client, target string, h http.Header, body []byte, res webhook.TestResult) (webhook.TestResult, error) {
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := c.Do(ctx, &httpx.Request{Method: http.MethodPost, URL: target, Header: h, Body: body})
	if err != nil {
		return res, err
	}
	res.Elapsed = time.Since(start)
	res.Status = resp.Status
	res.Message = httpx.Snippet(resp.Body)
	return res, nil
}

// SendSigned sends a sample delivery hookctl makes itself: body as JSON,
// signed by signer when there is a secret (res.Signed says so), POSTed
// with SendSample.
func SendSigned(ctx context.Context, c *httpx.Client, target string, h http.Header, body map[string]any, signer spec.Signer, secret string, res webhook.TestResult) (webhook.TestResult, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return res, err
	}
	if secret != "" && signer != nil {
		signer.Sign(h, data, secret, target)
		res.Signed = true
	}
	res, err = SendSample(ctx, c, target, h, data, res)
	if err != nil {
		return res, fmt.Errorf("delivery: %w", err)
	}
	return res, nil
}
