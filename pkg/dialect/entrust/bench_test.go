package entrust

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
)

// benchSize is the list size of issue 9's targets.
const benchSize = 10000

// benchBody is a GET /api/web/v1/webhooks answer of n webhooks.
func benchBody(n int) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		id := fmt.Sprintf("7c9e6679-7425-40de-944b-%012x", i)
		b.WriteString(`{"id":"` + id + `","name":"Webhook number ` + strconv.Itoa(i) +
			`","callbackUrl":"https://hooks.example.com/entrust/` + id +
			`","events":["USER_CREATED","USER_DELETED"],"enabled":` + strconv.FormatBool(i%3 != 0) + `}`)
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

// BenchmarkList is Backend.List end to end minus the socket: the session
// (authenticated once), httpx, decoding and mapping.
func BenchmarkList(b *testing.B) {
	body := benchBody(benchSize)
	auth := fmt.Appendf(nil, `{"authToken":"tok","expirationTime":%q}`, time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
	c, err := httpx.New(httpx.Options{Transport: benchServer{list: body, auth: auth}})
	if err != nil {
		b.Fatal(err)
	}
	be, err := New(Config{BaseURL: "https://entrust.test", ApplicationID: "app", SharedSecret: "s", Client: c})
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

// benchServer answers POST (authenticate) with auth and anything else with
// list, all 200.
type benchServer struct{ list, auth []byte }

func (s benchServer) RoundTrip(r *http.Request) (*http.Response, error) {
	body := s.list
	if r.Method == http.MethodPost {
		body = s.auth
	}
	return &http.Response{
		StatusCode: http.StatusOK, Request: r, ContentLength: int64(len(body)),
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   io.NopCloser(bytes.NewReader(body)),
	}, nil
}
