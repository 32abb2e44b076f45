package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/internal/listen"
	"github.com/hookctl/hookctl/internal/output"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// webhookSecretEnv holds an Entrust webhook token for `listen` to verify
// deliveries with (the --secret flag wins).
const webhookSecretEnv = "HOOKCTL_WEBHOOK_SECRET"

// shutdownGrace bounds how long listen waits for answers in flight when it
// stops.
const shutdownGrace = 5 * time.Second

// ListenOptions are listen's flags.
type ListenOptions struct {
	f           *Factory
	Addr        string
	Path        string
	ForwardTo   string
	CallbackURL string
	Secret      string
	Count       int
	Timeout     time.Duration
}

func newCmdListen(f *Factory) *cobra.Command { return newListenCmd(f, nil) }

func newListenCmd(f *Factory, runF func(*ListenOptions) error) *cobra.Command {
	opts := &ListenOptions{f: f}
	cmd := &cobra.Command{
		Use:         "listen [--addr 127.0.0.1:8080] [--forward-to URL] [--count N] [--timeout D] [--path P]",
		Annotations: prints(outListen),
		Short:       "Receive webhook deliveries locally, verify and print them",
		Long: `Run a local webhook receiver. It answers HEAD with 200 (Trello checks a
callback URL that way on create), prints each delivery and verifies its
signature the way the profile's dialect signs:

  trello      X-Trello-Webhook, HMAC-SHA1 of the body and the callback URL,
              keyed with the profile's secret (the Trello app secret)
  entrust     x-sha2-signature (HMAC-SHA256 of the body) and RFC 9421
              Signature, keyed with the webhook's token: --secret, else
              $HOOKCTL_WEBHOOK_SECRET, else the profile's secret
  supportbee  deliveries are not signed

Each delivery is "verified", "failed", "unsigned" or "no secret". On a
terminal it prints one summary line per delivery; in a pipe, one JSON object
per line: time, method, path, headers, body (as JSON when it is JSON),
event, verified (true or false), verification, status.

The callback URL a signature covers is the URL the request was sent to
(http://HOST:PORT/PATH as the sender addressed it); behind a tunnel or a
proxy, pass the public URL with --callback-url.

With --forward-to, each delivery is relayed to a local app (method, headers,
body) and the app's answer goes back to the sender; if the app is down the
sender gets 502. listen stops after --count deliveries, after --timeout
(exit 1 if fewer than --count arrived), or on Ctrl-C.`,
		Example: `  hookctl listen --addr 127.0.0.1:8080
  hookctl listen --count 1 --timeout 30s -o json
  hookctl -p idaas listen --secret "$WEBHOOK_TOKEN" --forward-to localhost:3000/webhook
  hookctl listen --callback-url https://abc123.tunnel.example/hook --path /hook`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return listenRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free one)")
	fl.StringVar(&opts.Path, "path", "/", "accept deliveries at this path and below; others get 404")
	fl.StringVar(&opts.ForwardTo, "forward-to", "", "relay each delivery to this local URL and answer with its reply")
	fl.StringVar(&opts.CallbackURL, "callback-url", "", "the webhook's callback URL as registered, when it is not the local one (tunnels)")
	fl.StringVar(&opts.Secret, "secret", "", "signing secret: the Entrust webhook token, or the Trello app secret (default: the profile's)")
	fl.IntVar(&opts.Count, "count", 0, "stop after this many deliveries (0: no limit)")
	fl.DurationVar(&opts.Timeout, "timeout", 0, "stop after this long (0: no limit)")
	return cmd
}

// listenSetup is what listenRun needs once the flags are checked.
type listenSetup struct {
	handler *listen.Handler
	printer *deliveryPrinter
	notes   []string
}

func listenRun(ctx context.Context, opts *ListenOptions) error {
	setup, err := prepareListen(opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return listenError(opts.Addr, err)
	}
	// Say where before serving: connections wait in the backlog meanwhile,
	// and every later stderr line goes through the printer's lock.
	base := "http://" + ln.Addr().String() + setup.handler.Path
	setup.printer.note("listening on " + base + "; Ctrl-C to stop")
	for _, n := range setup.notes {
		setup.printer.note(n)
	}
	srv := &http.Server{Handler: setup.handler, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	var timeout <-chan time.Time
	if opts.Timeout > 0 {
		t := time.NewTimer(opts.Timeout)
		defer t.Stop()
		timeout = t.C
	}
	var result error
	select {
	case err := <-errc:
		return fmt.Errorf("listen: %w", err)
	case <-setup.handler.Done():
	case <-ctx.Done():
	case <-timeout:
		if opts.Count > 0 {
			result = fmt.Errorf("listen: timed out after %s with %d of %d deliveries", opts.Timeout, setup.handler.Count(), opts.Count)
		}
	}
	grace, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(grace); err != nil {
		_ = srv.Close()
	}
	n := setup.handler.Count()
	if result == nil {
		setup.printer.note("stopped after " + deliveries(n))
	}
	if err := setup.printer.err(); err != nil && result == nil {
		result = err
	}
	return result
}

// prepareListen checks the flags and builds the handler and the printer.
func prepareListen(opts *ListenOptions) (*listenSetup, error) {
	f := opts.f
	switch {
	case opts.Count < 0:
		return nil, webhook.Invalid("--count", "must be 0 or more, got %d", opts.Count)
	case opts.Timeout < 0:
		return nil, webhook.Invalid("--timeout", "must be 0 or more, got %s", opts.Timeout)
	case !strings.HasPrefix(opts.Path, "/"):
		return nil, webhook.Invalid("--path", "%q must start with /", opts.Path)
	}
	if _, _, err := net.SplitHostPort(opts.Addr); err != nil {
		return nil, webhook.Invalid("--addr", "%q is not HOST:PORT, e.g. 127.0.0.1:8080", opts.Addr)
	}
	if opts.CallbackURL != "" {
		if u, err := url.Parse(opts.CallbackURL); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, webhook.Invalid("--callback-url", "%q is not an absolute http(s) URL", opts.CallbackURL)
		}
	}
	prof, err := f.Profile()
	if err != nil {
		return nil, err
	}
	setup := &listenSetup{}
	h := &listen.Handler{Path: opts.Path, Max: opts.Count}
	if opts.ForwardTo != "" {
		target, err := listen.ParseForwardURL(opts.ForwardTo)
		if err != nil {
			return nil, webhook.Invalid("--forward-to", "%v", err)
		}
		h.Forwarder = listen.NewForwarder(target, nil)
		setup.notes = append(setup.notes, "forwarding deliveries to "+h.Forwarder.Target())
	}
	var note string
	h.Verifier, note = listenVerifier(f, prof, opts)
	setup.notes = append(setup.notes, note)
	if opts.Count > 0 {
		setup.notes = append(setup.notes, "stopping after "+deliveries(opts.Count))
	}
	p, err := newDeliveryPrinter(f)
	if err != nil {
		return nil, err
	}
	h.OnDelivery = p.print
	h.OnNote = p.note
	setup.handler, setup.printer = h, p
	return setup, nil
}

// listenVerifier picks the dialect and secret deliveries are checked with,
// and says so in a note for stderr. What a dialect signs with, and where
// that secret lives, is in its descriptor.
func listenVerifier(f *Factory, prof config.Profile, opts *ListenOptions) (listen.Verifier, string) {
	v := listen.Verifier{Dialect: prof.Dialect, CallbackURL: opts.CallbackURL}
	d, err := dialect.Lookup(prof.Dialect)
	if err != nil {
		v.Dialect, v.Secret = "", opts.Secret
		if v.Secret == "" {
			v.Secret = f.Getenv(webhookSecretEnv)
		}
		f.Redactor.Add(v.Secret)
		return v, "dialect " + prof.Dialect + ": verifying whatever signature a delivery carries"
	}
	sig := d.Signing
	if sig.Signer == nil {
		return v, d.Title + " does not sign deliveries: they show as unsigned"
	}
	from := "--secret"
	switch {
	case opts.Secret != "":
		v.Secret = opts.Secret
	case sig.ProfileKey != "":
		v.Secret, from = prof.Get(sig.ProfileKey), "the "+sig.ProfileKey+" of profile "+prof.Name
	case f.Getenv(webhookSecretEnv) != "":
		v.Secret, from = f.Getenv(webhookSecretEnv), "$"+webhookSecretEnv
	}
	f.Redactor.Add(v.Secret)
	switch {
	case v.Secret != "":
		return v, "verifying " + sig.Schemes + " with " + from
	case sig.ProfileKey != "":
		return v, "profile " + prof.Name + " has no " + sig.ProfileKey + ": " + d.Title + " signatures will not be verified (set the profile's " + sig.ProfileKey + ", or pass --secret)"
	}
	return v, "no " + sig.Secret + ": " + d.Title + " signatures will not be verified (pass --secret TOKEN or set " + webhookSecretEnv + ")"
}

// listenError explains why the address cannot be listened on.
func listenError(addr string, err error) error {
	why := err.Error()
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		why = op.Err.Error()
	}
	if strings.Contains(why, "in use") {
		why += "; pick another port with --addr"
	}
	return fmt.Errorf("listen: cannot listen on %s: %s", addr, why)
}

// deliveries is "1 delivery", "2 deliveries".
func deliveries(n int) string {
	if n == 1 {
		return "1 delivery"
	}
	return fmt.Sprintf("%d deliveries", n)
}

// deliveryPrinter writes deliveries to stdout (a summary on a terminal, JSON
// lines otherwise) and notes to stderr. It is safe for concurrent use.
type deliveryPrinter struct {
	f     *Factory
	jsonl *output.Printer // nil: terminal summaries
	color bool
	width int

	mu   sync.Mutex
	werr error
}

func newDeliveryPrinter(f *Factory) (*deliveryPrinter, error) {
	p := &deliveryPrinter{f: f, color: f.IO.ColorEnabled(), width: f.IO.Width()}
	if f.Format() == output.Table {
		return p, nil // a summary per delivery
	}
	jp, err := output.New(f.IO.Out, output.Options{Format: output.JSONL, JQ: f.Opts.JQ, Template: f.Opts.Template})
	if err != nil {
		return nil, err
	}
	p.jsonl = jp
	return p, nil
}

// print shows one delivery. A write error (stdout closed) is kept for the
// exit status; the receiver keeps answering.
func (p *deliveryPrinter) print(d *listen.Delivery) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.werr != nil {
		return
	}
	if p.jsonl != nil {
		p.werr = p.jsonl.Value(d.Record())
		return
	}
	_, p.werr = io.WriteString(p.f.IO.Out, d.Summary(p.color, p.width))
}

// note logs a request that is not a delivery on stderr.
func (p *deliveryPrinter) note(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.f.IO.ErrOut, p.f.Redactor.String("hookctl: "+s))
}

func (p *deliveryPrinter) err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.werr
}
