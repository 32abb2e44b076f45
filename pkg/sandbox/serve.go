package sandbox

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
)

// MaxBody is the largest request body the sandbox reads (1 MiB); over it
// the sandbox asks the emulator to answer Emulator.TooLarge.
const MaxBody = 1 << 20

// Request is one request to an emulator: the HTTP request, its body
// (already read, at most 1 MiB) and its path after the emulator's prefix.
type Request struct {
	*http.Request
	// Body is the request's body.
	Body []byte
	// Rest is the path after the emulator's prefix, e.g. "/webhooks/{id}".
	Rest string
}

// outcome is a fully recorded response, written out by ServeHTTP or turned
// into an *http.Response by the in-process transport.
type outcome struct {
	status int
	header http.Header
	body   bytes.Buffer
	drop   bool  // cut the response off mid-way
	err    error // the caller went away before an answer was made
}

// recorder lets handlers write to an outcome as to any ResponseWriter.
type recorder struct {
	out         *outcome
	wroteHeader bool
}

func (w *recorder) Header() http.Header { return w.out.header }

func (w *recorder) WriteHeader(code int) {
	if !w.wroteHeader {
		w.out.status, w.wroteHeader = code, true
	}
}

func (w *recorder) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.out.body.Write(p)
}

// ServeHTTP serves every enabled dialect under its prefix: /trello/1/...,
// /supportbee/... and /entrust/api/web/v1/.... GET / describes the sandbox.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	out := s.handle(r)
	if out.err != nil {
		return
	}
	if out.drop {
		s.writeDropped(w, out)
		return
	}
	h := w.Header()
	for k, v := range out.header {
		h[k] = v
	}
	if h.Get("Content-Length") == "" && out.status != http.StatusNoContent {
		h.Set("Content-Length", fmt.Sprint(out.body.Len()))
	}
	w.WriteHeader(out.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(out.body.Bytes())
	}
}

// handle runs one request through fault injection and the dialect handler.
func (s *Sandbox) handle(r *http.Request) *outcome {
	start := time.Now()
	out := &outcome{status: http.StatusOK, header: http.Header{}}
	w := &recorder{out: out}
	em, prefix, rest := s.route(r.URL.Path)
	note := ""
	defer func() {
		if out.err == nil {
			s.logf(em, r.Method, prefix, rest, out.status, time.Since(start), note)
		}
	}()
	if em == nil {
		s.serveRoot(w, r)
		return out
	}
	if !s.enabled[em.Name()] {
		http.Error(w, "404 page not found", http.StatusNotFound)
		note = " (dialect not served)"
		return out
	}
	if r.Body == nil {
		r.Body = http.NoBody
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		out.err = err
		return out
	}
	q := &Request{Request: r, Body: body, Rest: rest}
	if s.opts.Latency > 0 {
		if err := httpx.Sleep(r.Context(), s.opts.Latency); err != nil {
			out.err = err
			return out
		}
	}
	// An emulator with limits of its own (GitHub's X-RateLimit-* and
	// secondary limit) applies RateLimit itself.
	if own, _ := em.(RateLimitOwner); own != nil && own.OwnsRateLimit() {
	} else if ok, retry := s.faults.allow(em.Name() + "\x00" + em.Credential(r)); !ok {
		em.RateLimited(w, r, retry)
		note = " (rate limited)"
		return out
	}
	if s.faults.roll(s.faults.failRate) {
		em.Unavailable(w)
		note = " (injected failure)"
		return out
	}
	if len(body) > MaxBody {
		em.TooLarge(w)
		return out
	}
	em.Serve(s.host(em.Name()), w, q)
	if s.faults.roll(s.faults.dropRate) {
		out.drop = true
		note = " (dropped)"
	}
	return out
}

// route maps a path to the emulator served under it, its prefix and the
// rest; a nil emulator for a path under none.
func (s *Sandbox) route(path string) (em Emulator, prefix, rest string) {
	for _, e := range s.served {
		p := e.Prefix()
		if p == "" {
			if c, ok := e.(RootClaimer); ok && c.Claims(path) {
				return e, "", path
			}
			continue
		}
		if path == p || strings.HasPrefix(path, p+"/") {
			return e, p, path[len(p):]
		}
	}
	return nil, "", path
}

func (s *Sandbox) serveRoot(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprint(w, "hookctl sandbox: webhook API emulator\n")
	for _, e := range s.served {
		if s.enabled[e.Name()] {
			fmt.Fprintf(w, "%s%s\n", e.Prefix(), e.About())
		}
	}
}

// logf writes one request line, with credentials in the path redacted.
// Query strings are never logged (they carry Trello and SupportBee
// credentials).
func (s *Sandbox) logf(em Emulator, method, prefix, rest string, status int, d time.Duration, note string) {
	if s.opts.Log == nil {
		return
	}
	path := prefix + rest
	if em != nil {
		path = prefix + em.RedactPath(rest)
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opts.Log, "%s %s %d %s%s\n", method, path, status, d.Round(10*time.Microsecond), note)
}

// internal logs a failure of the sandbox itself (state file trouble).
func (s *Sandbox) internal(err error) {
	if s.opts.Log == nil {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opts.Log, "sandbox error: %v\n", err)
}
