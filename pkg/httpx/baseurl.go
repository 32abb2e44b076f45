package httpx

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// CheckBaseURL enforces the rule for API roots: https, or plain http only to a loopback host.
func CheckBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("base-url %q is not an absolute URL with a valid port", raw)
	}
	if err := webhook.CheckPort(u); err != nil {
		return nil, fmt.Errorf("base-url %q: %v", raw, err)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !webhook.IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("base-url %q: plain http is allowed only to a loopback host; use https", raw)
		}
	default:
		return nil, fmt.Errorf("base-url %q: unsupported scheme %q", raw, u.Scheme)
	}
	return u, nil
}
