package dialecttest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// BenchSize is the list size of issue 9's targets.
const BenchSize = 10000

// BenchDecodeList is decoding and model mapping of body, a list of
// BenchSize webhooks.
func BenchDecodeList(b *testing.B, body []byte, decode func([]byte) ([]webhook.Webhook, bool)) {
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		ws, ok := decode(body)
		if !ok || len(ws) != BenchSize {
			b.Fatalf("decoded %d webhooks, ok=%v", len(ws), ok)
		}
	}
}

// BenchList is Backend.List end to end minus the socket: request building,
// httpx (limiter, body read), decoding and mapping. open opens the backend
// on a client whose transport answers with body, a list of BenchSize
// webhooks, and POSTs (authentication) with auth if that is set.
func BenchList(b *testing.B, body, auth []byte, open func(*httpx.Client) (webhook.Backend, error)) {
	c, err := httpx.New(httpx.Options{Transport: Static{Body: body, Auth: auth}})
	if err != nil {
		b.Fatal(err)
	}
	be, err := open(c)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		ws, err := be.List(context.Background())
		if err != nil || len(ws) != BenchSize {
			b.Fatalf("listed %d webhooks: %v", len(ws), err)
		}
	}
}

// Static is an in-memory transport that answers every request 200 with
// Body as JSON, or with Auth if that is set and the request is a POST (an
// authentication).
type Static struct{ Body, Auth []byte }

func (s Static) RoundTrip(r *http.Request) (*http.Response, error) {
	body := s.Body
	if s.Auth != nil && r.Method == http.MethodPost {
		body = s.Auth
	}
	return &http.Response{
		StatusCode: http.StatusOK, Request: r, ContentLength: int64(len(body)),
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   io.NopCloser(bytes.NewReader(body)),
	}, nil
}
