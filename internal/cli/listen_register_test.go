package cli

import (
	"net"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/webhook"
)

func TestFarBackend(t *testing.T) {
	loop := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}
	all := &net.TCPAddr{IP: net.IPv4zero, Port: 8080}
	for _, c := range []struct {
		base   string
		addr   net.Addr
		public string
		want   string
	}{
		{"https://api.github.com", loop, "", "api.github.com"},
		{"https://gitlab.example.com/api/v4", loop, "", "gitlab.example.com"},
		{"https://api.github.com", loop, "https://abc.trycloudflare.com/hook", ""},
		{"https://api.github.com", all, "", ""}, // others can reach it: cannot tell
		{"http://127.0.0.1:9000/github", loop, "", ""},
		{"http://localhost:9000", loop, "", ""},
		{config.SandboxHost + "/github", loop, "", ""},
		{"", loop, "", ""},
	} {
		if got := farBackend(c.base, c.addr, c.public); got != c.want {
			t.Errorf("farBackend(%q, %v, %q) = %q, want %q", c.base, c.addr, c.public, got, c.want)
		}
	}
}

func TestRegisterWhat(t *testing.T) {
	withEvents := &webhook.Schema{Dialect: "github"}
	got := registerWhat(withEvents, webhook.Changes{Events: []string{"push", "issues"}}, []string{"push", "issues"}, "http://127.0.0.1:1/?hookctl-listen=r")
	if got != "registering a webhook for push, issues at http://127.0.0.1:1/?hookctl-listen=r" {
		t.Errorf("with events: %q", got)
	}
	got = registerWhat(&webhook.Schema{Dialect: "supportbee"}, webhook.Changes{}, []string{"agent.*"}, "U")
	if !strings.HasPrefix(got, "SupportBee webhooks cannot choose their events: registering one for all events at U; only agent.* are forwarded (--event)") {
		t.Errorf("no event list: %q", got)
	}
	if got := registerWhat(&webhook.Schema{Dialect: "supportbee"}, webhook.Changes{}, nil, "U"); got != "registering a webhook for all events at U" {
		t.Errorf("no --event: %q", got)
	}
}
