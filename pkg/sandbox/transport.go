package sandbox

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// Transport returns an http.RoundTripper that serves requests through the
// sandbox in-process, without a socket. Scheme and host are ignored (see
// InProcessRoot); faults apply as over HTTP, a dropped response giving a
// body that fails with io.ErrUnexpectedEOF part-way.
func (s *Sandbox) Transport() http.RoundTripper { return transport{s} }

type transport struct{ s *Sandbox }

func (t transport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	if req.URL == nil {
		return nil, fmt.Errorf("sandbox: request has no URL")
	}
	in := req.Clone(req.Context())
	in.Body = io.NopCloser(bytes.NewReader(body))
	in.ContentLength = int64(len(body))
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "127.0.0.1:0"
	if in.Host == "" {
		in.Host = req.URL.Host
	}
	out := t.s.handle(in)
	if out.err != nil {
		return nil, out.err
	}
	data := out.body.Bytes()
	if out.drop && len(data) == 0 {
		return nil, fmt.Errorf("sandbox: connection closed before the response: %w", io.ErrUnexpectedEOF)
	}
	resp := &http.Response{
		Status:        fmt.Sprintf("%d %s", out.status, http.StatusText(out.status)),
		StatusCode:    out.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        out.header.Clone(),
		ContentLength: int64(len(data)),
		Request:       req,
	}
	switch {
	case req.Method == http.MethodHead || out.status == http.StatusNoContent:
		resp.Body = http.NoBody
		if out.status == http.StatusNoContent {
			resp.ContentLength = 0
		}
	case out.drop:
		resp.Body = &droppedBody{data: data[:len(data)/2]}
	default:
		resp.Body = io.NopCloser(bytes.NewReader(data))
	}
	return resp, nil
}

// droppedBody yields part of a body then fails as a cut connection does.
type droppedBody struct {
	data []byte
}

func (b *droppedBody) Read(p []byte) (int, error) {
	if len(b.data) == 0 {
		return 0, io.ErrUnexpectedEOF
	}
	n := copy(p, b.data)
	b.data = b.data[n:]
	return n, nil
}

func (b *droppedBody) Close() error { return nil }
