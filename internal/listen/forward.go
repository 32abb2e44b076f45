package listen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// forwardTimeout bounds one relay to the local app.
const forwardTimeout = 30 * time.Second

// maxAnswer caps how much of the local app's answer is relayed back.
const maxAnswer = 1 << 20

// hopHeaders are connection-level headers a proxy must not relay (RFC 9110
// §7.6.1), plus Host, which belongs to the new target.
var hopHeaders = []string{
	"Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization",
	"Proxy-Connection", "Te", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
}

// Forwarder relays deliveries to a local app.
type Forwarder struct {
	target *url.URL
	client *http.Client
	relay  *relay // http:// targets, with the default client
}

// ParseForwardURL accepts "http://localhost:3000/hook", "localhost:3000/hook"
// or ":3000/hook" (http://localhost is implied).
func ParseForwardURL(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if strings.HasPrefix(s, ":") {
		s = "localhost" + s
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("%q is not an http(s) URL such as http://localhost:3000/webhook", raw)
	}
	return u, nil
}

// NewForwarder relays to target. client may be nil for a default one that
// ignores proxies (the app is local) and follows no redirects.
func NewForwarder(target *url.URL, client *http.Client) *Forwarder {
	f := &Forwarder{target: target, client: client}
	if client == nil {
		dial := webhook.DialLoopback(&net.Dialer{Timeout: 5 * time.Second})
		if target.Scheme == "http" && canCheckIdle {
			f.relay = newRelay(hostPort(target), dial, maxIdleToApp)
		}
		f.client = &http.Client{
			Timeout: forwardTimeout,
			Transport: &http.Transport{
				Proxy:       nil,
				DialContext: dial,
				// The body goes as it came: no Accept-Encoding the sender
				// did not send, no answer unpacked on the way back.
				DisableCompression:  true,
				MaxIdleConnsPerHost: maxIdleToApp,
				IdleConnTimeout:     90 * time.Second,
			},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	return f
}

// maxIdleToApp is how many kept-alive connections to the app are kept: as
// many as listen serves at once, so a busy listen does not redial.
const maxIdleToApp = 64

// hostPort is an http:// URL's host and port (80 when it names none).
func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	return net.JoinHostPort(u.Hostname(), "80")
}

// Target is where deliveries go, for messages: without the URL's password
// or query values (a token= there is a credential).
func (f *Forwarder) Target() string { return SafeURL(f.target) }

// SafeURL is u for messages: its password and query values masked.
func SafeURL(u *url.URL) string {
	c := *u
	if c.RawQuery != "" {
		q := c.Query()
		for k := range q {
			q[k] = []string{"xxxxx"}
		}
		c.RawQuery = q.Encode()
	}
	return c.Redacted()
}

// Answer is the local app's reply, relayed to the sender.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// VerificationHeader tells the local app what listen made of a forwarded
// delivery's signature ("verified", "failed", "unsigned", …): an app can
// refuse what listen accepted only under --accept-unverified.
const VerificationHeader = "X-Hookctl-Verification"

// Forward sends the delivery to the app: same method, headers (less hop by
// hop ones) and body, with the delivery's query string added to the
// target's, and VerificationHeader set to result.
func (f *Forwarder) Forward(ctx context.Context, r *http.Request, body []byte, result Result) (Answer, error) {
	u := *f.target
	if r.URL.RawQuery != "" {
		if u.RawQuery != "" {
			u.RawQuery += "&"
		}
		u.RawQuery += r.URL.RawQuery
	}
	req, err := f.request(ctx, r.Method, &u, body)
	if err != nil {
		return Answer{}, err
	}
	req.Header = ForwardHeader(r)
	req.Header.Set(VerificationHeader, string(result))
	if _, ok := req.Header["User-Agent"]; !ok {
		// Empty: Go's client then sends none of its own.
		req.Header["User-Agent"] = []string{""}
	}
	resp, b, err := f.send(ctx, req)
	if err != nil {
		return Answer{}, SendError(err, "is the app running?")
	}
	h := resp.Header // this answer's own, its names canonical: changed in place
	for _, k := range hopHeaders {
		delete(h, k)
	}
	delete(h, "Content-Length")
	return Answer{Status: resp.StatusCode, Header: h, Body: b}, nil
}

// request is the request to the app. The relay writes it itself: its URL
// is not printed and parsed again, and it carries no context.
func (f *Forwarder) request(ctx context.Context, method string, u *url.URL, body []byte) (*http.Request, error) {
	if f.relay == nil {
		return http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	}
	req := &http.Request{Method: method, URL: u, Host: u.Host, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Body: http.NoBody, ContentLength: int64(len(body))}
	if len(body) > 0 {
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	return req, nil
}

// send sends req to the app: over the relay's connections, else the
// client's; the answer's body is at most maxAnswer.
func (f *Forwarder) send(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	if f.relay != nil {
		return f.relay.do(ctx, req)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, _, err := readAnswerBody(resp)
	return resp, b, err
}

// readAnswerBody reads the app's answer, at most maxAnswer: into a buffer
// of its Content-Length when it gave one (an "ok" takes 2 bytes, not
// 512). complete says it was read to its end.
func readAnswerBody(resp *http.Response) (body []byte, complete bool, err error) {
	if n := resp.ContentLength; n >= 0 && n <= maxAnswer {
		b := make([]byte, n)
		if _, err := io.ReadFull(resp.Body, b); err != nil {
			return nil, false, err
		}
		return b, true, nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	return b, err == nil && len(b) < maxAnswer, err
}

// ForwardHeader is what the app gets of a delivery's headers: every one
// but the hop-by-hop ones (and those the sender's Connection names), with
// any look-alike of hookctl's own X-Hookctl-* headers dropped however it is
// spelt (case, "_" or "-"): only listen sets those. X-Forwarded-For and
// X-Forwarded-Proto say who sent it, and how.
func ForwardHeader(r *http.Request) http.Header {
	h := cloneHeader(r.Header, 3)
	for _, v := range r.Header.Values("Connection") {
		for _, name := range strings.Split(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				h.Del(name)
			}
		}
	}
	for _, k := range hopHeaders {
		h.Del(k)
	}
	for k := range h {
		if IsOwnHeader(k) {
			delete(h, k)
		}
	}
	if ip, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		if prior := h.Values("X-Forwarded-For"); len(prior) > 0 {
			ip = strings.Join(prior, ", ") + ", " + ip
		}
		h.Set("X-Forwarded-For", ip)
	}
	proto := "http"
	if r.TLS != nil {
		proto = "https"
	}
	h.Set("X-Forwarded-Proto", proto)
	return h
}

// cloneHeader is Header.Clone with room for more headers: the three
// listen adds would make the clone's map grow, and copy itself, for each
// delivery.
func cloneHeader(h http.Header, room int) http.Header {
	n := 0
	for _, vs := range h {
		n += len(vs)
	}
	all := make([]string, n) // every value in one array, as Clone does
	c := make(http.Header, len(h)+room)
	for k, vs := range h {
		if vs == nil {
			c[k] = nil
			continue
		}
		m := copy(all, vs)
		c[k], all = all[:m:m], all[m:]
	}
	return c
}

// IsOwnHeader reports whether name is, or looks like, one of hookctl's
// own X-Hookctl-* headers: compared without case, with "_" read as "-".
func IsOwnHeader(name string) bool {
	const own = "x-hookctl-"
	if len(name) < len(own) {
		return false
	}
	return strings.EqualFold(strings.ReplaceAll(name[:len(own)], "_", "-"), own)
}

// SendError turns the error of sending a request (a forward, a replayed
// or triggered delivery) into a short reason without the URL (the caller
// names the target) or Go type names, in the words of every network
// failure (httpx.NetworkReason). A failed connection adds dialHint when it
// is given ("is the app running?").
func SendError(err error, dialHint string) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return errors.New("no answer (timed out)")
	}
	if dialHint != "" && httpx.IsConnectFailure(err) {
		reason := httpx.NetworkReason(err)
		if strings.HasPrefix(reason, "could not connect") {
			reason = "could not connect"
		}
		return fmt.Errorf("%s (%s)", reason, dialHint)
	}
	return errors.New(httpx.NetworkReason(err))
}

// MatchEvent reports whether event matches one of the globs (path.Match
// syntax: "issues*", "charge.*"); a glob without a dot also takes the
// event's finer names ("issues" takes "issues.opened"). No globs match
// every event.
func MatchEvent(globs []string, event string) bool {
	if len(globs) == 0 {
		return true
	}
	for _, g := range globs {
		if ok, _ := path.Match(g, event); ok {
			return true
		}
		if base, _, found := strings.Cut(event, "."); found && !strings.Contains(g, ".") {
			if ok, _ := path.Match(g, base); ok {
				return true
			}
		}
	}
	return false
}
