package cli

import (
	"errors"
	"net/url"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// sandboxDownHint explains a connection refused by a profile that
// `hookctl sandbox` printed (a loopback base URL and the sandbox's own
// credentials): that sandbox is not running at that address (it was
// stopped, or restarted on another port), and how to start one there.
// "" when err is something else.
func (f *Factory) sandboxDownHint(err error) string {
	p := f.prof
	if p.Name == "" || !httpx.IsConnectFailure(err) || errors.Is(err, errInterrupted) {
		return ""
	}
	d, lerr := dialect.Lookup(p.Dialect)
	if lerr != nil {
		return ""
	}
	u, perr := url.Parse(p.BaseURL)
	if perr != nil || u.Host == "" || !webhook.IsLoopbackHost(u.Hostname()) {
		return ""
	}
	matched := false
	for _, k := range d.Keys {
		v := p.Get(k.Name)
		if !k.Secret || v == "" {
			continue
		}
		if v != d.Sandbox.Values.Get(k.Name) {
			return ""
		}
		matched = true
	}
	if !matched {
		return ""
	}
	return "no sandbox is running at " + u.Host + " (profile " + p.Name + " is one that `hookctl sandbox` printed): start it again there with `hookctl sandbox --addr " + u.Host + "`, or use the built-in profile " + d.Sandbox.Profile + ", which needs no server"
}
