package trello

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/hookctl/hookctl/pkg/httpx"
)

// benchSize is the list size of issue 9's targets.
const benchSize = 10000

// benchBody is a GET /tokens/{token}/webhooks answer of n webhooks, in
// Trello's key order and spacing.
func benchBody(n int) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		id := strconv.FormatInt(int64(0x5f1a00000000+i), 16) + "0123456789ab"
		b.WriteString(`{"id":"` + id + `","description":"Webhook number ` + strconv.Itoa(i) +
			` for the board","idModel":"4d5ea62fd76aa1136000000c","callbackURL":"https://hooks.example.com/trello/` + id +
			`?x=1","active":` + strconv.FormatBool(i%3 != 0) + `,"consecutiveFailures":` + strconv.Itoa(i%7) +
			`,"firstConsecutiveFailDate":null}`)
	}
	b.WriteByte(']')
	return b.Bytes()
}

// BenchmarkDecodeList is decoding and model mapping of a 10,000-webhook list.
func BenchmarkDecodeList(b *testing.B) {
	body := benchBody(benchSize)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		ws, ok := decodeList(body)
		if !ok || len(ws) != benchSize {
			b.Fatalf("decoded %d webhooks, ok=%v", len(ws), ok)
		}
	}
}

// BenchmarkList is Backend.List end to end minus the socket: request
// building, httpx (limiter, body read), decoding and mapping.
func BenchmarkList(b *testing.B) {
	body := benchBody(benchSize)
	c, err := httpx.New(httpx.Options{Transport: staticBody(body)})
	if err != nil {
		b.Fatal(err)
	}
	be, err := New(Config{Key: "k", Token: "t", BaseURL: "http://trello.test/1", Client: c})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		ws, err := be.List(context.Background())
		if err != nil || len(ws) != benchSize {
			b.Fatalf("listed %d webhooks: %v", len(ws), err)
		}
	}
}

// staticBody answers every request 200 with the same JSON body.
type staticBody []byte

func (s staticBody) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: http.StatusOK, Request: r, ContentLength: int64(len(s)),
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   io.NopCloser(bytes.NewReader(s)),
	}, nil
}
