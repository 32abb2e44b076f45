package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// SandboxOptions are the sandbox server's flags.
type SandboxOptions struct {
	Addr      string
	Dialects  []string
	State     string
	Latency   time.Duration
	FailRate  float64
	DropRate  float64
	RateLimit string
}

func newCmdSandbox(f *Factory) *cobra.Command {
	opts := &SandboxOptions{}
	cmd := &cobra.Command{
		Use:         "sandbox [--addr 127.0.0.1:0] [--dialect D] [--state FILE]",
		Annotations: prints(outNone),
		Short:       "Serve a local emulator of every dialect's webhook API",
		Long: later("sandbox-long", func() string { return paragraph("Serve a local emulator of the " + dialectTitles() + " webhook APIs.") }) + `

Once listening, it prints a ready-to-use config on stdout: a profile: line
and a profiles: block with one profile per dialect (local-trello,
local-supportbee, …: named apart from the built-in sandbox profiles), each
with its base-url and the credentials it accepts. Save it as a file and pass
it with --config (hookctl --config sandbox.yaml list). Then it logs each
request on stderr until interrupted.

--addr must be loopback (the default) or every interface (0.0.0.0:PORT); the
profiles always name a loopback URL, since hookctl speaks plain http only to
loopback.

Credentials each emulator accepts:
` + later("sandbox-credentials", func() string { return dialectTable(sandboxCredentials) }) + `
Anything else is rejected the way the vendor rejects it; owners,
repositories, organizations and groups are any. Emulators that deliver
(test calls, pings, redeliveries) deliver to loopback addresses only.

Faults can be injected to see how clients cope: --latency, --fail-rate
(answers 503), --drop-rate (connections closed mid-answer) and --rate-limit
(429 the way each vendor sends it; for GitHub, its secondary limit on
content-creating requests: 403 with Retry-After).`,
		Example: `  hookctl sandbox --addr 127.0.0.1:8900 > sandbox.yaml
  hookctl sandbox --dialect trello --fail-rate 0.2 --rate-limit 100/10s`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return sandboxRun(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Addr, "addr", "127.0.0.1:0", "address to listen on (port 0 picks a free one)")
	fl.StringSliceVar(&opts.Dialects, "dialect", nil, "dialects to serve, repeatable (default: all)")
	fl.StringVar(&opts.State, "state", "", "keep state in this JSON file (default: in memory)")
	fl.DurationVar(&opts.Latency, "latency", 0, "delay every answer by this long")
	fl.Float64Var(&opts.FailRate, "fail-rate", 0, "fraction of requests answered 503, 0 to 1")
	fl.Float64Var(&opts.DropRate, "drop-rate", 0, "fraction of connections closed mid-answer, 0 to 1")
	fl.StringVar(&opts.RateLimit, "rate-limit", "", "answer 429 beyond N requests per window, e.g. 100/10s")
	return cmd
}

func sandboxRun(ctx context.Context, f *Factory, opts *SandboxOptions) error {
	so := sandbox.Options{
		Emulators: dialect.Emulators(),
		Dialects:  opts.Dialects, StatePath: opts.State, Latency: opts.Latency,
		FailRate: opts.FailRate, DropRate: opts.DropRate, Log: f.IO.ErrOut,
	}
	for _, d := range opts.Dialects {
		if !slices.Contains(dialect.Names(), d) {
			return webhook.Invalid("--dialect", "unknown dialect %q (dialects: %s)", d, strings.Join(dialect.Names(), ", "))
		}
	}
	for name, rate := range map[string]float64{"--fail-rate": opts.FailRate, "--drop-rate": opts.DropRate} {
		if rate < 0 || rate > 1 {
			return webhook.Invalid(name, "%v is not between 0 and 1", rate)
		}
	}
	if opts.RateLimit != "" {
		n, window, err := httpx.ParseRate(opts.RateLimit)
		if err != nil {
			return webhook.Invalid("--rate-limit", "%v", err)
		}
		so.RateLimit, so.RateWindow = n, window
	}
	if err := webhook.CheckListenAddr(opts.Addr); err != nil {
		return webhook.Invalid("--addr", "%v", err)
	}
	if err := checkSandboxAddr(opts.Addr); err != nil {
		return err
	}
	sb, err := sandbox.New(so)
	if err != nil {
		return err
	}
	defer sb.Close()
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	root, all := clientURL(ln.Addr())
	fmt.Fprint(f.IO.Out, config.SandboxConfigYAML(root, opts.Dialects))
	if all {
		fmt.Fprintf(f.IO.ErrOut, "hookctl sandbox listening on every interface, port %d; the profiles use %s (Ctrl-C to stop)\n", ln.Addr().(*net.TCPAddr).Port, root)
	} else {
		fmt.Fprintf(f.IO.ErrOut, "hookctl sandbox listening on %s (Ctrl-C to stop)\n", root)
	}
	srv := &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("sandbox: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(f.IO.ErrOut, "hookctl sandbox stopped")
	return nil
}

// checkSandboxAddr refuses a specific address that is not loopback: hookctl
// speaks plain http only to a loopback host, so the profiles printed for
// it would not work. An unspecified address (0.0.0.0, [::], ":PORT") is
// allowed: it includes loopback.
func checkSandboxAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return webhook.Invalid("--addr", "%q is not HOST:PORT (e.g. 127.0.0.1:0)", addr)
	}
	if host == "" || webhook.IsLoopbackHost(host) {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return nil
	}
	return webhook.Invalid("--addr", "%s is not a loopback address: hookctl speaks plain http only to loopback, so its profiles could not use it; listen on 127.0.0.1:PORT, or on 0.0.0.0:PORT to serve other machines too", addr)
}

// clientURL is the root URL a client on this machine uses for a listener:
// its own address, or loopback when it listens on every interface (which
// it reports as all).
func clientURL(a net.Addr) (root string, all bool) {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return "http://" + a.String(), false
	}
	host := "127.0.0.1"
	if tcp.IP.To4() == nil && !ipv4Available() {
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(tcp.Port)), true
}

// ipv4Available reports whether this machine has an IPv4 loopback address.
func ipv4Available() bool {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

// sandboxCredentials lists what a dialect's emulator accepts: its sandbox
// profile's values, in the order profile add asks for them.
func sandboxCredentials(d *spec.Descriptor) string {
	var parts []string
	for _, k := range d.Keys {
		if v := d.Sandbox.Values.Get(k.Name); v != "" {
			parts = append(parts, k.Name+" "+v)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
