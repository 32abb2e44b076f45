package supportbee

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
)

// fuzzRT answers every request with one status and body, in memory.
type fuzzRT struct {
	status int
	body   []byte
}

func (f fuzzRT) RoundTrip(r *http.Request) (*http.Response, error) {
	status, body := f.status, f.body

	return &http.Response{
		StatusCode: status, Status: http.StatusText(status), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)), Request: r,
	}, nil
}

// FuzzSupportBeeDecode feeds any answer through every supportbee call that decodes one: it
// must never panic, and an error must be one line without a credential.
func FuzzSupportBeeDecode(f *testing.F) {
	for _, seed := range [][]byte{[]byte(badWireOne), []byte(badWireList), []byte(badWireListExtra), []byte(badHTML), nil, []byte("null"), []byte(`{"error":"x"}`)} {
		for _, status := range []uint16{200, 201, 400, 404, 429, 503} {
			f.Add(status, seed, uint8(0))
		}
	}
	f.Fuzz(func(t *testing.T, status uint16, body []byte, op uint8) {
		c, err := httpx.New(httpx.Options{
			Transport: fuzzRT{status: 200 + int(status)%400, body: body},
			Sleep:     func(context.Context, time.Duration) error { return nil },
			MaxTries:  2,
		})
		if err != nil {
			t.Fatal(err)
		}
		b := badBackendWith(t, "http://127.0.0.1:1", c)
		ctx := context.Background()
		ops := badOps(b)
		names := []string{"list", "get", "create", "update"}
		if int(op)%5 == 4 {
			err = b.Delete(ctx, "1_20120501071947")
		} else {
			err = ops[names[int(op)%5]](ctx)
		}
		if err != nil {
			checkOneLine(t, "fuzz", err)
		}
	})
}
