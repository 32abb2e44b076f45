package sandbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// callbackTimeout bounds a HEAD probe or a test delivery.
const callbackTimeout = 10 * time.Second

// userAgent identifies the sandbox's own outgoing requests.
const userAgent = "hookctl-sandbox"

// errNotLoopback is returned by the dialer for any non-loopback address, so
// the sandbox can never reach the network even through a redirect or a
// name that resolves elsewhere.
var errNotLoopback = errors.New("the sandbox only calls loopback addresses")

// newCallbackClient returns the client used for HEAD probes and test
// deliveries: no proxy, loopback addresses only, no redirects followed.
func newCallbackClient() *http.Client {
	dialer := &net.Dialer{
		Timeout: 5 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return errNotLoopback
			}
			return nil
		},
	}
	return &http.Client{
		Timeout: callbackTimeout,
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         dialer.DialContext,
			MaxIdleConnsPerHost: 2,
			IdleConnTimeout:     30 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// IsLoopbackURL reports whether raw is an http(s) URL whose host is
// localhost, in 127.0.0.0/8 or ::1: the only URLs the sandbox calls. It is
// hookctl's one loopback rule (webhook.IsLoopbackHost); the delivery
// client's dialer also refuses any resolved address that is not loopback.
func IsLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	return webhook.IsLoopbackHost(u.Hostname())
}

// IsHTTPURL reports whether raw is an absolute http or https URL with a
// host: what most vendors accept as a callback URL.
func IsHTTPURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Hostname() != ""
}

// probe sends HEAD to a loopback callback URL and returns its status.
func (s *Sandbox) probe(ctx context.Context, raw string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, raw, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", userAgent)
	resp, err := s.callback.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// Probe sends HEAD to a loopback callback URL and returns its status, as
// vendors that check a callback before accepting it do; see
// CallbackFailure for an error.
func (h *Host) Probe(ctx context.Context, raw string) (int, error) { return h.s.probe(ctx, raw) }

// Delivery is what a callback answered to a test delivery.
type Delivery struct {
	// Status is the callback's HTTP status.
	Status int
	// Body is the start of the answer body, for display.
	Body string
}

// Deliver POSTs body with header to a loopback callback URL (a test
// delivery); see CallbackFailure for an error and NotDelivered for a URL
// that is not loopback.
func (h *Host) Deliver(ctx context.Context, raw string, header http.Header, body []byte) (Delivery, error) {
	return h.s.deliver(ctx, raw, header, body)
}

// deliver POSTs body with header to a loopback callback URL.
func (s *Sandbox) deliver(ctx context.Context, raw string, header http.Header, body []byte) (Delivery, error) {
	status, _, b, err := Post(ctx, s.callback, raw, header, body, 512)
	if err != nil {
		return Delivery{}, err
	}
	return Delivery{Status: status, Body: string(bytes.ToValidUTF8(b, []byte("?")))}, nil
}

// Post POSTs body with header (and the sandbox's User-Agent unless header
// has one) to raw through c, which must refuse anything but loopback
// addresses (a Host's Client does), and returns the answer's status, its
// headers and at most max bytes of its body.
func Post(ctx context.Context, c *http.Client, raw string, header http.Header, body []byte, max int64) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, raw, bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", userAgent)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, max))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, resp.Header, b, nil
}

// NotDelivered says why a test event to a URL that is not loopback was not
// sent: the sandbox never reaches the network.
func NotDelivered(raw string) string {
	host := raw
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		host = u.Hostname()
	}
	return fmt.Sprintf("not delivered: the sandbox sends only to loopback addresses (localhost, 127.0.0.0/8, ::1), and %s is not one; try a URL of `hookctl listen`", host)
}

// CallbackFailure describes a failed probe or delivery without Go type
// names or URLs (the URL is already in the message around it), in the
// words of every network failure (httpx.NetworkReason).
func CallbackFailure(err error) string {
	if errors.Is(err, errNotLoopback) {
		return "no response (not a loopback address)"
	}
	return "no response (" + httpx.NetworkReason(err) + ")"
}
