package dialecttest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
)

// fuzzRT answers every request with one status and body, in memory; the
// dialect's authentication, if any, succeeds.
type fuzzRT struct {
	d      *Dialect
	status int
	body   []byte
}

func (f fuzzRT) RoundTrip(r *http.Request) (*http.Response, error) {
	status, body := f.status, f.body
	if f.d.AuthPath != "" && r.URL.Path == f.d.AuthPath {
		status, body = 200, []byte(f.d.AuthAnswer)
	}
	return &http.Response{
		StatusCode: status, Status: http.StatusText(status), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)), Request: r,
	}, nil
}

// FuzzDecode feeds any answer through every call that decodes one (and
// delete): it must never panic, and an error must be one line without a
// credential. The fuzz arguments are (status uint16, body []byte, op uint8),
// the shape of the seed corpora under testdata/fuzz.
func (d Dialect) FuzzDecode(f *testing.F) {
	for _, seed := range [][]byte{[]byte(d.WireOne), []byte(d.WireList), []byte(d.WireListExtra), []byte(BadHTML), nil, []byte("null"), []byte(`{"error":"x"}`)} {
		for _, status := range []uint16{200, 201, 400, 404, 429, 503} {
			f.Add(status, seed, uint8(0))
		}
	}
	f.Fuzz(func(t *testing.T, status uint16, body []byte, op uint8) {
		c, err := httpx.New(httpx.Options{
			Transport: fuzzRT{d: &d, status: 200 + int(status)%400, body: body},
			Sleep:     func(context.Context, time.Duration) error { return nil },
			MaxTries:  2,
		})
		if err != nil {
			t.Fatal(err)
		}
		b := d.New(t, "http://127.0.0.1:1", c)
		ctx := context.Background()
		if int(op)%5 == 4 {
			err = b.Delete(ctx, d.ID)
		} else {
			err = d.Ops(b)[int(op)%5].Call(ctx)
		}
		if err != nil {
			CheckOneLine(t, "fuzz", err, d.Secrets)
		}
	})
}
