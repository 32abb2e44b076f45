package supportbee

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

// benchBody is a GET /web_hooks.json answer of n web hooks.
func benchBody(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"web_hooks":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		id := "1_20120501" + strconv.Itoa(100000+i)
		b.WriteString(`{"id":"` + id + `","url":"https://hooks.example.com/supportbee/` + id + `?x=1"}`)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// BenchmarkDecodeList is decoding and model mapping of a 10,000-hook list.
func BenchmarkDecodeList(b *testing.B) {
	body := benchBody(benchSize)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		ws, ok := decodeList(body)
		if !ok || len(ws) != benchSize {
			b.Fatalf("decoded %d web hooks, ok=%v", len(ws), ok)
		}
	}
}

// BenchmarkList is Backend.List end to end minus the socket.
func BenchmarkList(b *testing.B) {
	body := benchBody(benchSize)
	c, err := httpx.New(httpx.Options{Transport: staticBody(body)})
	if err != nil {
		b.Fatal(err)
	}
	be, err := New(Config{AuthToken: "t", BaseURL: "http://supportbee.test", Client: c})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		ws, err := be.List(context.Background())
		if err != nil || len(ws) != benchSize {
			b.Fatalf("listed %d web hooks: %v", len(ws), err)
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
