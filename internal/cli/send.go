package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/hookctl/hookctl/internal/listen"
)

// deliveryTimeout bounds one delivery sent by trigger or replay, unless
// --timeout says otherwise.
const deliveryTimeout = 30 * time.Second

// deliveryClient sends deliveries (trigger, replay) as a vendor would: one
// attempt, no redirects followed, no credentials, HTTPS_PROXY honoured.
func (f *Factory) deliveryClient() *http.Client {
	timeout := deliveryTimeout
	if f.Opts.Timeout > 0 {
		timeout = f.Opts.Timeout
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
			TLSHandshakeTimeout: 10 * time.Second,
			MaxIdleConnsPerHost: 4,
			// Headers go out as given: no Accept-Encoding of our own.
			DisableCompression: true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// sentDelivery is what a receiver answered one delivery.
type sentDelivery struct {
	Status  int
	Elapsed time.Duration
}

// sendDelivery sends one delivery and reads (at most 1 MiB of) the answer.
func sendDelivery(ctx context.Context, c *http.Client, method, target string, h http.Header, body []byte) (sentDelivery, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
	if err != nil {
		return sentDelivery{}, err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Del("Host")
	if _, ok := req.Header["User-Agent"]; !ok {
		req.Header["User-Agent"] = []string{""} // none, rather than Go's
	}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return sentDelivery{}, listen.SendError(err, "")
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	return sentDelivery{Status: resp.StatusCode, Elapsed: time.Since(start)}, nil
}

// statusLine is "200 OK".
func statusLine(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprint(code)
}
