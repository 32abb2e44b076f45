// Package httpx is the one HTTP client every dialect uses. It owns the HTTP
// policy in one place: per-request timeouts, retries with backoff
// and Retry-After, the client-side rate limiter, capped response bodies,
// transport security, and a debug log with every credential redacted.
package httpx

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// Defaults of the network policy.
const (
	DefaultTimeout  = 30 * time.Second
	DefaultMaxTries = 4
	// DefaultMaxBody caps what is read of one response: enough for tens of
	// thousands of webhooks, small enough that a runaway answer cannot
	// exhaust memory.
	DefaultMaxBody = 16 << 20
)

// ErrOutcomeUnknown marks a request that may have reached the backend but got
// no complete answer (a timeout after sending, a connection reset, a body cut
// short). Callers must not blindly resend a create that fails this way.
// It has an OutcomeUnknown() bool method, which webhook.OutcomeUnknown finds
// without importing this package.
var ErrOutcomeUnknown error = outcomeUnknown{}

type outcomeUnknown struct{}

func (outcomeUnknown) Error() string        { return "outcome unknown" }
func (outcomeUnknown) OutcomeUnknown() bool { return true }

// errTooLarge is an answer over MaxBody: a complete answer, not a network
// failure, so it is never retried.
type errTooLarge struct {
	status int
	max    int64
}

func (e *errTooLarge) Error() string {
	return fmt.Sprintf("the answer (HTTP %d) is larger than %s; refusing to read it", e.status, sizeText(e.max))
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Options configure a Client. The zero value is usable.
type Options struct {
	// Timeout bounds each attempt (default 30 s).
	Timeout time.Duration
	// Transport replaces the network transport (the in-process sandbox).
	Transport http.RoundTripper
	// CAFile adds a private CA to the system roots.
	CAFile string
	// Debug, when set, receives one redacted line per attempt.
	Debug io.Writer
	// Redactor scrubs credentials from the debug log and from errors.
	Redactor *Redactor
	// Limiter spaces requests to stay under the backend's limit.
	Limiter *Limiter
	// MaxTries bounds attempts of a retryable request (default 4).
	MaxTries int
	// RateLimitWait is how long to wait after a 429 that has no Retry-After
	// (Trello's next 10 s window). 0 uses the exponential backoff.
	RateLimitWait time.Duration
	// MaxBody caps the bytes read from one response (default 64 MiB).
	MaxBody int64
	// Concurrency sizes the idle connection pool (default 4).
	Concurrency int
	// UserAgent is sent with every request.
	UserAgent string
	// Sleep waits between attempts; tests replace it.
	Sleep func(context.Context, time.Duration) error
	// Name names the backend in notices ("rate limited by trello"); empty
	// uses the request's host.
	Name string
	// Notices, when set, receives one line ("hookctl: …") for every wait of
	// more than NoticeAfter: a retry after a slow failure or a long pause, a
	// request that has not been answered yet.
	Notices io.Writer
	// Verbose announces every retry on Notices, however short its wait.
	Verbose bool
	// Budget caps the time spent on retries; share one between the clients
	// of a run. nil gives this client its own, of DefaultRetryBudget or
	// Timeout, whichever is longer.
	Budget *RetryBudget
}

// Client sends requests under the policy. It is safe for concurrent use.
type Client struct {
	hc       *http.Client
	opts     Options
	noticeMu sync.Mutex
}

// Request is one call to a backend.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
	// Idempotent requests are retried on 429/502/503/504 and network errors.
	// Others are retried only on 429 and when they certainly never left
	// (dial errors): their caller decides what else is safe.
	Idempotent bool
	// RateLimited recognises a vendor's rate-limit answers other than 429
	// (GitHub's 403 with Retry-After or X-RateLimit-Remaining: 0) and says
	// how long to wait. Such an answer is waited out and retried like a 429,
	// whatever the method: the backend certainly did nothing.
	RateLimited func(*Response) (wait time.Duration, ok bool)
}

// Response is a backend's answer with its body read in full.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Tries is how many attempts it took.
	Tries int
	// Unanswered counts the earlier attempts whose effect on the backend is
	// unknown: no complete answer (timeout, reset, body cut short) or a
	// 502/503/504. A DELETE answered 404 after one of them is done; one
	// answered 404 after only 429s is a real "not found".
	Unanswered int
}

// New builds a Client.
func New(opts Options) (*Client, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxTries <= 0 {
		opts.MaxTries = DefaultMaxTries
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.Sleep == nil {
		opts.Sleep = Sleep
	}
	if opts.Redactor == nil {
		opts.Redactor = NewRedactor()
	}
	if opts.Budget == nil {
		opts.Budget = NewRetryBudget(max(DefaultRetryBudget, opts.Timeout))
	}
	opts.Redactor.Add(proxySecrets(os.Getenv)...)
	rt := opts.Transport
	if rt == nil {
		t, err := newTransport(opts)
		if err != nil {
			return nil, err
		}
		rt = t
	}
	c := &Client{opts: opts}
	c.hc = &http.Client{Transport: rt, CheckRedirect: c.checkRedirect}
	return c, nil
}

func newTransport(opts Options) (*http.Transport, error) {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = http.ProxyFromEnvironment
	// Plain http was allowed to "localhost" on its name: hold the address
	// it resolves to to the same rule.
	t.DialContext = webhook.DialLoopback(&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second})
	t.MaxIdleConnsPerHost = opts.Concurrency
	t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	if opts.CAFile != "" {
		pem, err := os.ReadFile(opts.CAFile)
		if err != nil {
			return nil, fmt.Errorf("ca-file: %w", errors.Unwrap(err))
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("ca-file %s: no PEM certificate found", opts.CAFile)
		}
		t.TLSClientConfig.RootCAs = pool
	}
	return t, nil
}

// proxyVars are the variables http.ProxyFromEnvironment reads.
var proxyVars = []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"}

// proxySecrets returns the passwords of proxies named in the environment,
// so that no message ever shows them.
func proxySecrets(getenv func(string) string) []string {
	var out []string
	for _, name := range proxyVars {
		v := getenv(name)
		if !strings.Contains(v, "@") {
			continue
		}
		if !strings.Contains(v, "://") {
			v = "http://" + v
		}
		if u, err := url.Parse(v); err == nil && u.User != nil {
			if p, ok := u.User.Password(); ok {
				out = append(out, p, url.QueryEscape(p))
			}
			continue
		}
		// Unparseable: scrub everything between the scheme and the last @.
		rest := v[strings.Index(v, "://")+3:]
		if at := strings.LastIndex(rest, "@"); at > 0 {
			out = append(out, rest[:at])
		}
	}
	return out
}

// errDowngrade is a redirect from https to plain http, refused: the
// request would carry the credentials in clear.
type errDowngrade struct{ host string }

func (e *errDowngrade) Error() string {
	return "refused a redirect from https to plain http://" + e.host + " (credentials are never sent unencrypted)"
}

// checkRedirect follows a redirect only on the same host and never from
// https to plain http: the request carries credentials in its headers,
// which Go's client resends to the same host. The debug log shows each
// request as it is actually sent.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	prev := via[len(via)-1]
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	for _, v := range via {
		if v.URL.Scheme == "https" && req.URL.Scheme != "https" {
			c.debugf("%s %s → %d, redirect to %s refused", prev.Method, prev.URL, status, req.URL)
			return &errDowngrade{host: req.URL.Host}
		}
	}
	if len(via) >= 5 || req.URL.Host != via[0].URL.Host {
		c.debugf("%s %s → %d, redirect to %s not followed", prev.Method, prev.URL, status, req.URL)
		return http.ErrUseLastResponse
	}
	c.debugf("%s %s → %d, following the redirect: %s %s", prev.Method, prev.URL, status, req.Method, req.URL)
	return nil
}

// Redactor returns the client's redactor (never nil).
func (c *Client) Redactor() *Redactor {
	if c.opts.Redactor == nil {
		c.opts.Redactor = NewRedactor()
	}
	return c.opts.Redactor
}

// Do sends r, retrying as the policy allows, and returns the last answer.
// A non-2xx status is not an error here: dialects read their vendor's error
// bodies. Errors are network failures, with credentials scrubbed.
func (c *Client) Do(ctx context.Context, r *Request) (*Response, error) {
	var lastErr error
	unanswered := 0
	for try := 1; ; try++ {
		answered, err := c.opts.Limiter.wait(ctx, func(d time.Duration) {
			c.announcePacing(c.backendName(r)+"'s rate limit", c.opts.Limiter, d)
		})
		if err != nil {
			return nil, c.fail(r, err)
		}
		start := time.Now()
		resp, err := c.attempt(ctx, r)
		lost := time.Since(start)
		answered()
		if err == nil {
			resp.Tries, resp.Unanswered = try, unanswered
			wait, retry, limited := c.retryAfter(r, resp, try)
			// A rate-limit answer was certainly not acted on, so even a POST
			// waits and tries again; other answers are retried only when
			// idempotent.
			if !retry || (!r.Idempotent && !limited) || try >= c.opts.MaxTries {
				return resp, nil
			}
			why := c.whyRetry(r, resp.Status)
			if limited {
				why = c.whyRetry(r, http.StatusTooManyRequests)
			}
			if !c.budgetAllows(why, wait, lost) {
				return resp, nil
			}
			if !limited {
				// A 5xx may come from a gateway after the backend acted, or
				// from a backend that failed half-way: the effect is unknown.
				// Only a 429 certainly did nothing.
				unanswered++
			}
			c.announceRetry(r, why, wait, lost, try+1)
			c.debugf("retrying %s in %s (HTTP %d)", r.Method, wait.Round(time.Millisecond), resp.Status)
			if err := c.opts.Sleep(ctx, wait); err != nil {
				return nil, c.fail(r, err)
			}
			continue
		}
		lastErr = err
		if ctx.Err() != nil {
			return nil, c.fail(r, ctx.Err())
		}
		var big *errTooLarge
		if errors.As(err, &big) {
			if !r.Idempotent && big.status >= 200 && big.status < 300 {
				err = fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
			}
			return nil, c.fail(r, err)
		}
		var down *errDowngrade
		if isCertError(err) || errors.As(err, &down) {
			return nil, c.fail(r, err) // another try meets the same certificate, or the same redirect
		}
		neverSent := isDialError(err)
		if !neverSent {
			unanswered++
		}
		if (!r.Idempotent && !neverSent) || try >= c.opts.MaxTries {
			if unanswered > 0 && r.Method != http.MethodGet && r.Method != http.MethodHead {
				// This try or an earlier one may have acted: an
				// idempotent request too (a create with an idempotency
				// key) ends with its outcome unknown, so its caller can
				// send it again rather than say it failed.
				lastErr = fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
			}
			return nil, c.fail(r, lastErr)
		}
		wait := backoff(try)
		why := c.whyFailed(r, err)
		if !c.budgetAllows(why, wait, lost) {
			return nil, c.fail(r, lastErr)
		}
		c.announceRetry(r, why, wait, lost, try+1)
		c.debugf("retrying %s in %s (%v)", r.Method, wait.Round(time.Millisecond), c.Redactor().String(err.Error()))
		if err := c.opts.Sleep(ctx, wait); err != nil {
			return nil, c.fail(r, err)
		}
	}
}

func (c *Client) attempt(ctx context.Context, r *Request) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	if err != nil {
		return nil, err
	}
	for k, v := range r.Header {
		req.Header[k] = v
	}
	if c.opts.UserAgent != "" {
		req.Header.Set("User-Agent", c.opts.UserAgent)
	}
	// Our own transport reports when the request starts to leave; a failure
	// before that (dial, proxy tunnel, TLS handshake) certainly did nothing.
	var wrote atomic.Bool
	if c.opts.Transport == nil {
		req = req.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			WroteHeaderField: func(string, []string) { wrote.Store(true) },
			WroteHeaders:     func() { wrote.Store(true) },
		}))
	}
	start := time.Now()
	stopWatch := c.watchSlowAnswer(r)
	defer stopWatch()
	hr, err := c.hc.Do(req)
	stopWatch() // it answered: a long body is not a silent server
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the whole URL, credentials and all
		}
		c.debugf("%s %s: %v (%s)", r.Method, r.URL, err, since(start))
		if c.opts.Transport == nil && !wrote.Load() && ctx.Err() == nil {
			return nil, &notSentError{err}
		}
		return nil, err
	}
	defer hr.Body.Close()
	data, err := readBody(hr.Body, hr.ContentLength, c.opts.MaxBody)
	if err != nil {
		c.debugf("%s %s → %d, body cut short: %v (%s)", r.Method, r.URL, hr.StatusCode, err, since(start))
		return nil, fmt.Errorf("reading the answer (HTTP %d): %w", hr.StatusCode, err)
	}
	if int64(len(data)) > c.opts.MaxBody {
		c.debugf("%s %s → %d, body over %s (%s)", r.Method, r.URL, hr.StatusCode, sizeText(c.opts.MaxBody), since(start))
		return nil, &errTooLarge{status: hr.StatusCode, max: c.opts.MaxBody}
	}
	// The request actually sent last: after a followed redirect, not r's.
	method, sent := r.Method, r.URL
	if hr.Request != nil && hr.Request.URL != nil {
		method, sent = hr.Request.Method, hr.Request.URL.String()
	}
	c.debugf("%s %s → %d %s (%s, %d bytes)", method, sent, hr.StatusCode, http.StatusText(hr.StatusCode), since(start), len(data))
	if c.opts.Debug != nil && len(r.Body) > 0 {
		c.debugf("  request body: %s", c.clipRedacted(r.Body))
	}
	if c.opts.Debug != nil && len(data) > 0 {
		c.debugf("  response body: %s", c.clipRedacted(data))
	}
	return &Response{Status: hr.StatusCode, Header: hr.Header, Body: data}, nil
}

// retryAfter decides whether an answer is worth another try, and when.
// limited reports a rate-limit answer (a 429, or what r.RateLimited
// recognises), which certainly did nothing.
func (c *Client) retryAfter(r *Request, resp *Response, try int) (wait time.Duration, retry, limited bool) {
	if r.RateLimited != nil {
		if d, ok := r.RateLimited(resp); ok {
			return d, true, true
		}
	}
	switch resp.Status {
	case http.StatusTooManyRequests:
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After")); ok {
			return d, true, true
		}
		if c.opts.RateLimitWait > 0 {
			return c.opts.RateLimitWait, true, true
		}
		return backoff(try), true, true
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After")); ok {
			return d, true, false
		}
		return backoff(try), true, false
	}
	return 0, false, false
}

// backoff is exponential with full jitter: up to 250 ms, 500 ms, 1 s, … capped at 8 s.
func backoff(try int) time.Duration {
	ceil := min(250*time.Millisecond<<(try-1), 8*time.Second)
	return ceil/2 + rand.N(ceil/2+1)
}

// plainError is err with a message in plain words (no Go type or internal
// name), still matched by errors.Is and errors.As.
type plainError struct {
	msg string
	err error
}

func (e *plainError) Error() string { return e.msg }
func (e *plainError) Unwrap() error { return e.err }

// notSentError is a failure before any byte of the request was written.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }

// isDialError reports an error from before the request was written: the
// connection (or the proxy's tunnel) could not be opened.
func isDialError(err error) bool {
	var op *net.OpError
	var notSent *notSentError
	return errors.As(err, &notSent) || errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect")
}

// isCertError reports a refused server certificate.
func isCertError(err error) bool {
	var verify *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &host) || errors.As(err, &invalid)
}

// fail turns a transport error into one scrubbed line: "GET host/path: why".
func (c *Client) fail(r *Request, err error) error {
	// Go's url.Error repeats the method and URL; the reason is inside.
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		err = &plainError{msg: ue.Err.Error(), err: err}
	}
	var down *errDowngrade
	var big *errTooLarge
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		err = &plainError{msg: fmt.Sprintf("no answer within %s (--timeout sets the limit)", c.opts.Timeout), err: err}
	case isCertError(err):
		err = fmt.Errorf("%w (for a private CA, set ca-file in the profile)", err)
	case errors.As(err, &down), errors.As(err, &big):
	case c.proxyRefused(r, err):
		// Go says only the proxy's status text ("Forbidden").
		err = &plainError{msg: "the proxy refused the connection: " + NetworkReason(err), err: err}
	default:
		// One wording of network failures (NetworkReason): no Go words,
		// no resolver address.
		err = &plainError{msg: NetworkReason(err), err: err}
	}
	where := r.URL
	if u, perr := url.Parse(r.URL); perr == nil {
		where = u.Scheme + "://" + u.Host + u.Path
	}
	return c.Redactor().Error(fmt.Errorf("%s %s: %w", r.Method, where, err))
}

// proxyRefused reports an error of a request that never left because the
// proxy it goes through ($HTTPS_PROXY) answered its CONNECT with an error:
// nothing was written, the connection to the proxy was made, and Go's
// transport reports only the proxy's status text.
func (c *Client) proxyRefused(r *Request, err error) bool {
	var notSent *notSentError
	if c.opts.Transport != nil || !errors.As(err, &notSent) || IsConnectFailure(err) || isCertError(err) {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return false
	}
	req, rerr := http.NewRequest(r.Method, r.URL, nil)
	if rerr != nil {
		return false
	}
	proxy, perr := http.ProxyFromEnvironment(req)
	return perr == nil && proxy != nil
}

func (c *Client) debugf(format string, args ...any) {
	if c.opts.Debug == nil {
		return
	}
	line := fmt.Sprintf(format, args...)
	// Redacted first (a credential is matched as sent), then made safe for
	// the terminal: a body's escape sequences never reach stderr raw.
	fmt.Fprintln(c.opts.Debug, "debug: "+webhook.Escape(c.Redactor().String(line)))
}

func since(t time.Time) time.Duration {
	d := time.Since(t)
	if d < time.Millisecond {
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

// clipRedacted is a body for the debug log: scrubbed first, so that clipping
// cannot cut a credential in two and leave half of it unrecognised.
func (c *Client) clipRedacted(b []byte) string {
	return clip([]byte(c.Redactor().String(string(b))))
}

func clip(b []byte) string {
	const max = 2048
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// readBody is io.ReadAll of at most max+1 bytes, into a buffer sized from
// the Content-Length when there is one: a 10,000-webhook list (2.6 MB) is
// read into one allocation instead of a dozen doublings and copies.
func readBody(body io.Reader, size, max int64) ([]byte, error) {
	r := io.LimitReader(body, max+1)
	if size <= 0 || size > max {
		return io.ReadAll(r)
	}
	buf := make([]byte, 0, size+1) // +1: the read that finds EOF needs room
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // longer than announced: grow
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}
