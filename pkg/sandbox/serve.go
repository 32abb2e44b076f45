package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Path prefixes of the dialects.
const (
	trelloPrefix     = "/trello/1"
	supportBeePrefix = "/supportbee"
	entrustPrefix    = "/entrust"
	githubPrefix     = "/github"
)

// maxBody is the largest request body the sandbox reads.
const maxBody = 1 << 20

// request is an incoming dialect request with its body read once.
type request struct {
	*http.Request
	body []byte
	rest string // path after the dialect prefix, e.g. "/webhooks/{id}"
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
	dialect, prefix, rest := splitDialect(r.URL.Path)
	note := ""
	defer func() {
		if out.err == nil {
			s.logf(r.Method, prefix, rest, out.status, time.Since(start), note)
		}
	}()
	if dialect == "" {
		serveRoot(w, r)
		return out
	}
	if !s.enabled[dialect] {
		http.Error(w, "404 page not found", http.StatusNotFound)
		note = " (dialect not served)"
		return out
	}
	if r.Body == nil {
		r.Body = http.NoBody
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		out.err = err
		return out
	}
	q := &request{Request: r, body: body, rest: rest}
	if s.opts.Latency > 0 {
		if err := sleep(r.Context(), s.opts.Latency); err != nil {
			out.err = err
			return out
		}
	}
	// GitHub's emulator keeps its own limits (X-RateLimit-*, secondary).
	if ok, retry := s.faults.allow(dialect + "\x00" + credential(dialect, r)); dialect != GitHub && !ok {
		writeRateLimited(w, dialect, r, retry)
		note = " (rate limited)"
		return out
	}
	if s.faults.roll(s.faults.failRate) {
		writeUnavailable(w, dialect)
		note = " (injected failure)"
		return out
	}
	if len(body) > maxBody {
		writeTooLarge(w, dialect)
		return out
	}
	switch dialect {
	case Trello:
		s.serveTrello(w, q)
	case SupportBee:
		s.serveSupportBee(w, q)
	case Entrust:
		s.serveEntrust(w, q)
	case GitHub:
		in := r.Clone(r.Context())
		in.URL.Path, in.URL.RawPath = rest, ""
		s.github.Serve(w, in, body)
	}
	if s.faults.roll(s.faults.dropRate) {
		out.drop = true
		note = " (dropped)"
	}
	return out
}

// splitDialect maps a path to its dialect, the prefix and the rest.
func splitDialect(path string) (dialect, prefix, rest string) {
	for _, c := range []struct{ d, p string }{{Trello, trelloPrefix}, {SupportBee, supportBeePrefix}, {Entrust, entrustPrefix}, {GitHub, githubPrefix}} {
		if path == c.p || strings.HasPrefix(path, c.p+"/") {
			return c.d, c.p, path[len(c.p):]
		}
	}
	return "", "", path
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func serveRoot(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "hookctl sandbox: webhook API emulator\n%s/  Trello REST API v1\n%s/  SupportBee\n%s/api/web/v1/  Entrust IDaaS Administration API\n%s/  GitHub REST API (repository and organization webhooks)\n",
		trelloPrefix, supportBeePrefix, entrustPrefix, githubPrefix)
}

// logf writes one request line, with credentials in the path redacted.
// Query strings are never logged (they carry Trello and SupportBee
// credentials).
func (s *Sandbox) logf(method, prefix, rest string, status int, d time.Duration, note string) {
	if s.opts.Log == nil {
		return
	}
	path := prefix + redactPath(prefix, rest)
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opts.Log, "%s %s %d %s%s\n", method, path, status, d.Round(10*time.Microsecond), note)
}

// redactPath hides the token in Trello's /tokens/{token}/... paths.
func redactPath(prefix, rest string) string {
	if prefix != trelloPrefix {
		return rest
	}
	segs := strings.Split(rest, "/")
	if len(segs) > 2 && segs[1] == "tokens" && segs[2] != "" {
		segs[2] = "REDACTED"
	}
	return strings.Join(segs, "/")
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
