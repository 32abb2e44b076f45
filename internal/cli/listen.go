package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/internal/listen"
	"github.com/hookctl/hookctl/internal/output"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
	"golang.org/x/net/netutil"
)

// listenGCPercent is listen's garbage collection target (GOGC).
const listenGCPercent = 200

// shutdownGrace bounds how long listen waits for answers in flight when it
// stops.
const shutdownGrace = 5 * time.Second

// maxListenConns is how many connections listen serves at once; more wait
// in the kernel's backlog. maxPerClient is one client's share: past it,
// its new connections are closed, so connections held idle by one client
// do not keep the others' deliveries waiting. idleTimeout closes a
// kept-alive connection that sends nothing more.
const (
	maxListenConns = 64
	maxPerClient   = 32
	idleTimeout    = 10 * time.Second
)

// ListenOptions are listen's flags.
type ListenOptions struct {
	f                *Factory
	Addr             string
	Path             string
	ForwardTo        []string
	Filters          []string
	Compact          bool
	Quiet            bool
	CallbackURL      string
	Secret           secretFlags
	AcceptUnverified bool
	Record           string
	Count            int
	StopAfter        time.Duration
	ReadTimeout      time.Duration
	RequireRFC9421   bool
	// Register creates a webhook pointing at the listener for the run.
	Register  bool
	PublicURL string
	Events    []string
	Model     string
	Keep      bool
}

func newCmdListen(f *Factory) *cobra.Command { return newListenCmd(f) }

func newListenCmd(f *Factory) *cobra.Command {
	opts := &ListenOptions{f: f}
	cmd := &cobra.Command{
		Use:         "listen [--addr 127.0.0.1:8080] [--forward-to [EVENT=]URL]... [--filter PATH=VALUE]... [--record FILE] [--compact | --quiet] [--count N] [--stop-after D]",
		Annotations: prints(outListen),
		Short:       "Receive webhook deliveries locally, verify and print them",
		Long: `Run a local webhook receiver. It answers HEAD with 200 (Trello checks a
callback URL that way on create), prints each delivery and verifies its
signature the way the profile's dialect signs:

` + later("listen-signing", func() string {
			return dialectTable(signingHelp, "any", "Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature), keyed with a whsec_ secret")
		}) + `

The secret comes from --secret-file FILE or --secret-stdin, else
$HOOKCTL_WEBHOOK_SECRET, else the profile's secret. (--secret also works,
but shows the secret to anyone who can run ps.)

With a secret, a delivery whose signature is missing, wrong, expired (more
than 5 minutes off) or replayed is answered 401 and not forwarded;
--accept-unverified answers and forwards it anyway, marked. A delivery is
replayed when one with the same RFC 9421 nonce, webhook-id, vendor's
delivery id or (for signatures that carry no time: GitHub, Trello, Entrust's
x-sha2) the same signed body was already answered 2xx in this run. Only
deliveries answered 2xx are remembered, so a vendor's redelivery of one
that failed gets through; the memory keeps at most the last 100,000
(and at least the last 50,000).
--require-rfc9421 refuses an Entrust delivery signed with x-sha2 alone.
Each delivery is "verified", "failed", "expired", "replayed", "unsigned"
or "no secret". On a terminal it prints one summary line per delivery; in
a pipe, one JSON object per line: time, method, path, headers, body (as
JSON when it is JSON), event, verified (true or false), verification,
app (the app's answer, with --forward-to), status, and filtered or
unrouted when so.

--record FILE appends every delivery to FILE as one JSON line, byte-exact
(method, url, path, query, every header value, the body as text or
body_base64, the verification and the answer): hookctl replay sends them
again. The url is listen's own address (or --callback-url), never the Host
header a sender chose. FILE is created readable by you alone (0600); an
existing file that others can read is refused, since records keep the
senders' headers. A record is written whole or not at all; if one cannot
be written, listen says so and exits 1 when it stops. A body that stops
before its end is answered 400 and recorded with "incomplete": true.

The callback URL a signature covers is the URL the request was sent to
(http://HOST:PORT/PATH as the sender addressed it); behind a tunnel or a
proxy, pass the public URL with --callback-url.

With --forward-to, each delivery is relayed to a local app and the app's
answer goes back to the sender; if the app is down the sender gets 502
(which names no URL) and stderr says why. The relay is byte-exact: the
body as it came (hookctl never re-serialises it), every header but the
hop-by-hop ones (Connection and those it names, Keep-Alive, Proxy-*, TE,
Trailer, Transfer-Encoding, Upgrade), Host set to the app's, plus
X-Forwarded-For, X-Forwarded-Proto and X-Hookctl-Verification saying what
listen made of the signature. --forward-to EVENT=URL (repeatable) routes
the deliveries of EVENT (a glob: "issues*", "charge.*") to URL as given,
the delivery's path not appended; the first route that matches wins, in
the order given, and a bare URL takes the rest. A delivery no route takes
is answered 200 and shown as unrouted.

--filter PATH=VALUE keeps the deliveries whose JSON body has VALUE at PATH,
a dotted path ("ref=refs/heads/main", "data.object.livemode=false",
"commits.0.id=…"): a string is compared as it is, any other value as its
JSON (false, 42, null). Several --filter on one path take any of their
values; on different paths, all must match. What does not match is
answered 200, not forwarded, and shown as filtered.

Each delivery shows the app's answer: its status, how long it took and,
when not 2xx, the first line of its body. --compact prints one short line
per delivery (in a pipe too); --quiet (-q) prints only failures (refused
deliveries, the app's non-2xx answers, an app that did not answer), on
stderr, besides the line saying it listens. On a terminal, once more
deliveries have arrived than fit on the screen, a line sums them up every
100. In a pipe (or -o json) each JSON line has "app": the url, status, ms
and, when not 2xx, body (its first line), or error.

--register creates a webhook on the profile's backend that points here
(or at --public-url, an https tunnel to this listener) for the --events
asked (Trello: --model, the board watched), with a fresh secret where the
backend takes one, or the one it returns, so deliveries are verified with
no setup. It is deleted when listen stops, however it stops, unless
--keep. Its URL carries hookctl-listen=RUN (and its description starts
with "hookctl listen"): at start, such webhooks for the same URL whose run
is gone (killed) are deleted first; another live listen's are never
touched. --event (globs such as "issues*"; repeatable) also filters: other
deliveries are answered 200, not forwarded, and shown as filtered. Where
the vendor's webhooks cannot choose their events (SupportBee), it says so
and registers one for all events. A backend on another machine cannot
reach a listener on loopback: listen warns, and --public-url (a tunnel to
this port) is the fix.

Limits, so one client cannot exhaust it: a body must arrive within
--read-timeout (default 10s) and be at most 10 MiB (larger: 413), at most
64 connections are served at once and at most 32 from one client, and a
connection left idle is closed after 10s. Listening on an address other than
loopback is allowed, with a warning: anyone who reaches it can post.

Once listening, it says so on stderr (as a JSON object with "listening" when
stderr is not a terminal, for scripts to wait on). It stops when --count
deliveries have arrived (exit 0), after --stop-after (exit 1 if fewer than
--count arrived, else 0), on Ctrl-C (exit 130) or on SIGTERM (exit 143).`,
		Example: `  hookctl listen --addr 127.0.0.1:8080
  hookctl listen --count 1 --stop-after 30s -o json
  hookctl -p sandbox-entrust listen --secret-file ~/.webhook-token --forward-to localhost:3000/webhook
  hookctl listen --record deliveries.jsonl
  hookctl listen --callback-url https://abc123.tunnel.example/hook --path /hook
  hookctl -p sandbox-github listen --register --event push --forward-to localhost:3000/webhook
  hookctl -p sandbox-stripe listen --forward-to 'charge.*=localhost:4242/charges' --forward-to localhost:4242/other
  hookctl -p sandbox-github listen --filter ref=refs/heads/main --forward-to :3000/deploy --compact`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return listenRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free one)")
	fl.StringVar(&opts.Path, "path", "/", "accept deliveries at this path and below; others get 404")
	fl.StringArrayVar(&opts.ForwardTo, "forward-to", nil, "relay deliveries to this local URL and answer with its reply; EVENT=URL for an event's (globs, repeatable: the first match wins, a bare URL takes the rest)")
	fl.StringArrayVar(&opts.Filters, "filter", nil, "only deliveries whose JSON body has VALUE at PATH (PATH=VALUE, dotted: ref=refs/heads/main; repeatable)")
	fl.BoolVar(&opts.Compact, "compact", false, "one short line per delivery")
	fl.BoolVarP(&opts.Quiet, "quiet", "q", false, "print only failures (refused deliveries, the app's non-2xx answers, errors), on stderr")
	fl.StringVar(&opts.CallbackURL, "callback-url", "", "the webhook's callback URL as registered, when it is not the local one (tunnels)")
	opts.Secret.register(fl, "verifies")
	fl.BoolVar(&opts.AcceptUnverified, "accept-unverified", false, "answer and forward deliveries that fail verification (marked), instead of 401")
	fl.StringVar(&opts.Record, "record", "", "append every delivery to this file, one JSON line each (for hookctl replay)")
	fl.IntVar(&opts.Count, "count", 0, "stop after this many deliveries (0: no limit)")
	fl.DurationVar(&opts.StopAfter, "stop-after", 0, "stop after this long (0: no limit)")
	// listen's --timeout was "stop after"; every other command's is the
	// request timeout. The old name still works, unlisted.
	fl.DurationVar(&opts.StopAfter, "timeout", 0, "stop after this long (old name of --stop-after)")
	_ = fl.MarkHidden("timeout")
	fl.DurationVar(&opts.ReadTimeout, "read-timeout", 10*time.Second, "time a sender has to send a request's headers and body")
	fl.BoolVar(&opts.Register, "register", false, "create a webhook on the profile's backend pointing here for this run, deleted when listen stops")
	fl.StringVar(&opts.PublicURL, "public-url", "", "with --register: the https URL that reaches this listener (a tunnel), instead of the listen address")
	fl.StringArrayVar(&opts.Events, "event", nil, "only these events (globs, repeatable); with --register, also the events registered")
	fl.StringVar(&opts.Model, "model", "", "with --register: the model the webhook watches (Trello: a board or card id)")
	fl.BoolVar(&opts.Keep, "keep", false, "with --register: keep the webhook when listen stops")
	fl.BoolVar(&opts.RequireRFC9421, "require-rfc9421", false, "refuse vendor-signed deliveries without an RFC 9421 signature (Entrust on x-sha2 alone)")
	return cmd
}

// listenSetup is what listenRun needs once the flags are checked.
type listenSetup struct {
	handler  *listen.Handler
	printer  *deliveryPrinter
	recorder *listen.Recorder
	notes    []string
}

func listenRun(ctx context.Context, opts *ListenOptions) error {
	if _, set := os.LookupEnv("GOGC"); !set {
		// A listener's live memory is small and bounded (the replay
		// memory): letting the heap grow to 3× it rather than 2× costs
		// about 8 MiB and gives back about 5 % of the deliveries a second
		// under load (docs/performance.md). GOGC, when set, decides.
		defer debug.SetGCPercent(debug.SetGCPercent(listenGCPercent))
	}
	// SIGTERM (a service manager's stop) ends listen as Ctrl-C does, with
	// 143; caught from the start, before it says it listens.
	term, stopTerm := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stopTerm()
	setup, err := prepareListen(ctx, opts)
	if err != nil {
		return err
	}
	if setup.recorder != nil {
		defer setup.recorder.Close()
	}
	defer setup.printer.close()
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return listenError(opts.Addr, err)
	}
	ln = netutil.LimitListener(listen.LimitPerClient(ln, maxPerClient), maxListenConns)
	// Say where before serving: connections wait in the backlog meanwhile,
	// and every later stderr line goes through the printer's lock.
	base := "http://" + localAddr(ln.Addr()) + setup.handler.Path
	setup.handler.BaseURL = "http://" + localAddr(ln.Addr())
	if !isLoopbackAddr(ln.Addr()) {
		setup.printer.warn("warning: listening on " + opts.Addr + ", which other machines can reach: anyone who can connect can post deliveries (use --addr 127.0.0.1:PORT to stay local)")
	}
	for _, n := range setup.notes {
		setup.printer.note(n)
	}
	srv := &http.Server{
		Handler:           setup.handler,
		ReadHeaderTimeout: min(opts.ReadTimeout, 10*time.Second),
		ReadTimeout:       opts.ReadTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var reg *registration
	if opts.Register {
		// Serving already: Trello checks the URL with a HEAD, GitHub
		// pings it, while the webhook is being created.
		public := setup.handler.BaseURL
		if opts.PublicURL != "" {
			public = opts.PublicURL
		}
		if w := reachWarning(opts.f, ln.Addr(), opts.PublicURL); w != "" {
			setup.printer.warn(w)
		}
		if reg, err = register(ctx, opts.f, opts, public, setup.handler.Path, setup.printer.note, setup.handler); err != nil {
			_ = srv.Close()
			return err
		}
		if !opts.Keep {
			defer func() {
				if err := reg.unregister(opts.f, setup.printer.note); err != nil {
					setup.printer.warn(err.Error())
				}
			}()
		} else {
			defer reg.release()
			setup.printer.note("--keep: the registered webhook " + webhook.Escape(reg.id) + " stays when listen stops")
		}
	}
	setup.printer.ready(base, ln.Addr().String())

	var timeout <-chan time.Time
	if opts.StopAfter > 0 {
		t := time.NewTimer(opts.StopAfter)
		defer t.Stop()
		timeout = t.C
	}
	var result error
	select {
	case err := <-errc:
		return fmt.Errorf("listen: %w", err)
	case <-setup.handler.Done():
	case <-ctx.Done():
		result = errInterrupted
	case <-term.Done():
		result = errTerminated
	case <-timeout:
		if opts.Count > 0 {
			result = fmt.Errorf("listen: timed out after %s with %d of %d deliveries", opts.StopAfter, setup.handler.Count(), opts.Count)
		}
	}
	grace, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(grace); err != nil {
		_ = srv.Close()
	}
	setup.printer.close()
	n := setup.handler.Count()
	if result == nil || errors.Is(result, errInterrupted) || errors.Is(result, errTerminated) {
		setup.printer.note("stopped after " + deliveries(n))
	}
	if err := setup.printer.err(); err != nil && result == nil {
		result = err
	}
	return result
}

// localAddr is HOST:PORT to reach a listening address from this machine:
// 127.0.0.1 for an unspecified host (0.0.0.0, ::).
func localAddr(a net.Addr) string {
	ta, ok := a.(*net.TCPAddr)
	if ok && ta.IP.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", strconv.Itoa(ta.Port))
	}
	return a.String()
}

// isLoopbackAddr reports whether a listening address is loopback only.
func isLoopbackAddr(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// prepareListen checks the flags and builds the handler and the printer.
func prepareListen(ctx context.Context, opts *ListenOptions) (*listenSetup, error) {
	f := opts.f
	switch {
	case opts.Count < 0:
		return nil, webhook.Invalid("--count", "must be 0 or more, got %d", opts.Count)
	case opts.StopAfter < 0:
		return nil, webhook.Invalid("--stop-after", "must be 0 or more, got %s", opts.StopAfter)
	case opts.ReadTimeout <= 0:
		return nil, webhook.Invalid("--read-timeout", "must be more than 0, got %s", opts.ReadTimeout)
	case !strings.HasPrefix(opts.Path, "/"):
		return nil, webhook.Invalid("--path", "%q must start with /", opts.Path)
	}
	if err := webhook.CheckListenAddr(opts.Addr); err != nil {
		return nil, webhook.Invalid("--addr", "%v", err)
	}
	if !opts.Register {
		for _, flag := range []string{"public-url", "model", "keep"} {
			if set := map[string]bool{"public-url": opts.PublicURL != "", "model": opts.Model != "", "keep": opts.Keep}[flag]; set {
				return nil, &usageError{fmt.Errorf("--%s goes with --register", flag)}
			}
		}
	}
	if opts.PublicURL != "" {
		if _, err := checkTarget("--public-url", opts.PublicURL); err != nil {
			return nil, err
		}
	}
	for _, e := range opts.Events {
		if _, err := path.Match(e, ""); err != nil {
			return nil, webhook.Invalid("--event", "%q is not a glob: %v", e, err)
		}
	}
	if opts.CallbackURL != "" {
		if u, err := url.Parse(opts.CallbackURL); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, webhook.Invalid("--callback-url", "%q is not an absolute http(s) URL", opts.CallbackURL)
		}
	}
	routes, rest, err := listenRoutes(opts.ForwardTo)
	if err != nil {
		return nil, err
	}
	filters, err := listen.ParseFilters(opts.Filters)
	if err != nil {
		return nil, webhook.Invalid("--filter", "%v", err)
	}
	if err := checkListenOutput(f, opts); err != nil {
		return nil, err
	}
	prof, err := f.Profile()
	if err != nil {
		return nil, err
	}
	setup := &listenSetup{}
	h := &listen.Handler{Path: opts.Path, Max: opts.Count, AcceptUnverified: opts.AcceptUnverified}
	if len(opts.Events) > 0 || len(filters) > 0 {
		events := opts.Events
		h.Filter = func(d *listen.Delivery) bool {
			return listen.MatchEvent(events, d.Event) && listen.MatchFilters(filters, d.Body)
		}
		var only []string
		if len(events) > 0 {
			only = append(only, strings.Join(events, ", ")+" deliveries")
		}
		for _, fl := range filters {
			only = append(only, "bodies with "+fl.String())
		}
		setup.notes = append(setup.notes, "only "+strings.Join(only, " and ")+" are forwarded; the others are answered 200 and shown as filtered")
	}
	h.Routes = routes
	if rest != nil {
		h.Forwarder = listen.NewForwarder(rest, nil)
	}
	setup.notes = append(setup.notes, routeNotes(h)...)
	var note string
	h.Verifier, note, err = listenVerifier(ctx, f, prof, opts)
	if err != nil {
		return nil, err
	}
	h.RequireVerified = h.Verifier.Secret != ""
	if h.Verifier.Secret == "" && opts.Register {
		// The registered webhook's own secret comes later, where the
		// backend signs.
		note = ""
	}
	if note != "" {
		setup.notes = append(setup.notes, note)
	}
	if h.RequireVerified {
		if opts.AcceptUnverified {
			setup.notes = append(setup.notes, "--accept-unverified: deliveries that fail verification are answered and forwarded anyway, marked")
		} else {
			setup.notes = append(setup.notes, "deliveries whose signature is missing, wrong, expired or replayed are answered 401 and not forwarded")
		}
	}
	if opts.Count > 0 {
		setup.notes = append(setup.notes, "will stop once "+deliveries(opts.Count)+" "+haveArrived(opts.Count)+" (--count)")
	}
	if opts.Record != "" {
		rec, err := listen.OpenRecorder(opts.Record)
		if err != nil {
			return nil, fmt.Errorf("listen: will not record to %s: %v", opts.Record, pathErr(err))
		}
		setup.recorder = rec
		setup.notes = append(setup.notes, "recording deliveries to "+opts.Record)
	}
	p, err := newDeliveryPrinter(f, opts)
	if err != nil {
		if setup.recorder != nil {
			setup.recorder.Close()
		}
		return nil, err
	}
	p.recorder = setup.recorder
	if setup.recorder != nil {
		h.Record = p.record
	}
	h.OnDelivery = p.print
	h.OnNote = p.handlerNote
	h.OnRefused = p.refused
	setup.handler, setup.printer = h, p
	return setup, nil
}

// listenVerifier picks the dialect and secret deliveries are checked with,
// and says so in a note for stderr. What a dialect signs with, and where
// that secret lives, is in its descriptor.
func listenVerifier(ctx context.Context, f *Factory, prof config.Profile, opts *ListenOptions) (listen.Verifier, string, error) {
	v := listen.Verifier{Dialect: prof.Dialect, CallbackURL: opts.CallbackURL, Seen: &listen.Seen{}, RequireRFC9421: opts.RequireRFC9421}
	secret, from, err := f.webhookSecret(ctx, prof, opts.Secret)
	if err != nil {
		return v, "", err
	}
	v.Secret = secret
	d, err := dialect.Lookup(prof.Dialect)
	if err != nil {
		v.Dialect = ""
		if secret == "" {
			return v, "dialect " + prof.Dialect + ": no secret, signatures will not be verified", nil
		}
		return v, "dialect " + prof.Dialect + ": verifying whatever signature a delivery carries with " + from, nil
	}
	sig := d.Signing
	switch {
	case sig.Signer == nil && secret != "":
		return v, d.Title + " does not sign deliveries: with " + from + " only Standard Webhooks signatures are accepted", nil
	case sig.Signer == nil:
		return v, d.Title + " does not sign deliveries: they show as unsigned", nil
	case secret != "":
		return v, "verifying " + sig.Schemes + " with " + from, nil
	case sig.ProfileKey != "":
		return v, "profile " + prof.Name + " has no " + sig.ProfileKey + ": " + d.Title + " signatures will not be verified (set the profile's " + sig.ProfileKey + ", or pass --secret-file FILE or --secret-stdin)", nil
	}
	return v, "no " + sig.Secret + ": " + d.Title + " signatures will not be verified (pass --secret-file FILE, --secret-stdin or set " + webhookSecretEnv + ")", nil
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

// haveArrived is "has arrived" for one, "have arrived" for more.
func haveArrived(n int) string {
	if n == 1 {
		return "has arrived"
	}
	return "have arrived"
}

// deliveries is "1 delivery", "2 deliveries".
func deliveries(n int) string {
	if n == 1 {
		return "1 delivery"
	}
	return fmt.Sprintf("%d deliveries", n)
}

// listenRoutes reads the --forward-to values: the routes for events, in
// the order given, and the URL for the rest (nil: none). Each URL is
// checked as every target of a signed delivery is (plain http only to
// loopback).
func listenRoutes(raw []string) (listen.Router, *url.URL, error) {
	var routes listen.Router
	var rest *url.URL
	for _, r := range raw {
		event, target, err := listen.SplitRoute(r)
		if err != nil {
			return nil, nil, webhook.Invalid("--forward-to", "%v", err)
		}
		u, err := listen.ParseForwardURL(target)
		if err != nil {
			return nil, nil, webhook.Invalid("--forward-to", "%v", err)
		}
		if u, err = checkTarget("--forward-to", u.String()); err != nil {
			return nil, nil, err
		}
		if event == "" {
			if rest != nil {
				return nil, nil, &usageError{fmt.Errorf("--forward-to: %s and %s both take every event: give one URL alone, and EVENT=URL for the others", listen.SafeURL(rest), listen.SafeURL(u))}
			}
			rest = u
			continue
		}
		routes = append(routes, listen.Route{Event: event, To: listen.NewForwarder(u, nil)})
	}
	return routes, rest, nil
}

// routeNotes say where deliveries go.
func routeNotes(h *listen.Handler) []string {
	if len(h.Routes) == 0 {
		if h.Forwarder == nil {
			return nil
		}
		return []string{"forwarding deliveries to " + h.Forwarder.Target()}
	}
	var to []string
	for _, r := range h.Routes {
		to = append(to, webhook.Escape(r.Event)+" to "+r.To.Target())
	}
	rest := "the rest are answered 200 and shown as unrouted"
	if h.Forwarder != nil {
		rest = "the rest to " + h.Forwarder.Target()
	}
	return []string{"forwarding " + strings.Join(to, ", ") + " (the first that matches); " + rest}
}

// checkListenOutput refuses output flags that do not go together: the
// output policy has checked -q (--quiet) against -o, --jq and --template.
func checkListenOutput(f *Factory, opts *ListenOptions) error {
	switch {
	case opts.Compact && opts.Quiet:
		return &usageError{errors.New("--compact and --quiet cannot be used together: --quiet prints only failures")}
	case opts.Compact && f.Opts.Output != "":
		return &usageError{fmt.Errorf("--compact prints one line of text per delivery: it cannot be used with -o %s", f.Opts.Output)}
	case opts.Compact && (f.Opts.JQ != "" || f.Opts.Template != ""):
		return &usageError{errors.New("--compact prints one line of text per delivery: it cannot be used with --jq or --template")}
	}
	return nil
}

// summaryEvery is how often, in deliveries, a terminal gets a line that
// sums them up, once more have arrived than fit on the screen.
const summaryEvery = 100

// listenMode is how deliveries are printed.
type listenMode int

const (
	modeSummary listenMode = iota // a few lines each (a terminal)
	modeCompact                   // one short line each (--compact)
	modeJSON                      // one JSON object each (-o json, a pipe)
	modeQuiet                     // failures only, on stderr (--quiet)
)

// deliveryPrinter writes deliveries to stdout (a summary or a compact line
// each on a terminal, JSON lines otherwise, failures only on stderr with
// --quiet) and notes to stderr. It is safe for concurrent use.
type deliveryPrinter struct {
	f     *Factory
	mode  listenMode
	jsonl *output.Printer // modeJSON with --jq or --template
	// out is stdout, written in batches: under load one write carries
	// many deliveries, and a delivery alone waits at most linger.
	out   *output.GroupWriter
	color bool
	width int
	// rows is the terminal's height; 0 when stdout is not a terminal
	// (then no summary line).
	rows  int
	lines int // lines printed for deliveries
	tally listen.Tally

	recorder *listen.Recorder
	recMu    sync.Mutex
	recErr   error // the first record that could not be written
	recFails int
	recWhy   error

	mu   sync.Mutex
	werr error
}

func newDeliveryPrinter(f *Factory, opts *ListenOptions) (*deliveryPrinter, error) {
	p := &deliveryPrinter{f: f, color: f.IO.ColorEnabled(), width: f.IO.Width(), out: output.NewGroupWriter(f.IO.Out, maxWaiting, linger)}
	if f.IO.IsStdoutTTY() {
		p.rows = f.IO.Height()
		if p.rows <= 0 {
			p.rows = 24
		}
	}
	switch {
	case opts.Quiet:
		p.mode = modeQuiet
		return p, nil
	case opts.Compact:
		p.mode = modeCompact
		return p, nil
	case f.Format() == output.Table:
		p.mode = modeSummary
		return p, nil
	}
	p.mode = modeJSON
	if f.Opts.JQ == "" && f.Opts.Template == "" {
		return p, nil
	}
	jp, err := output.New(p.out, output.Options{Format: output.JSONL, JQ: f.Opts.JQ, Template: f.Opts.Template, Context: f.ctx})
	if err != nil {
		_ = p.out.Close()
		return nil, err
	}
	p.jsonl = jp
	return p, nil
}

// Deliveries printed together are written together: once maxWaiting
// bytes wait, or linger after the first.
const (
	maxWaiting = 64 << 10
	linger     = 2 * time.Millisecond
)

// record keeps a delivery in the --record file before it is answered. A
// record that cannot be written is said once and ends the run with exit 1.
func (p *deliveryPrinter) record(d *listen.Delivery) {
	err := p.recorder.Record(d)
	if err == nil {
		return
	}
	p.recMu.Lock()
	defer p.recMu.Unlock()
	p.recFails++
	if p.recErr == nil {
		p.recWhy = pathErr(err)
		p.recErr = fmt.Errorf("listen: cannot record to %s: %v", p.recorder.Path(), pathErr(err))
		fmt.Fprintln(p.f.IO.ErrOut, "hookctl: "+p.recErr.Error())
	}
}

// print shows one delivery. A write error (stdout closed) is kept for the
// exit status; the receiver keeps answering.
func (p *deliveryPrinter) print(d *listen.Delivery) {
	if p.mode == modeJSON && p.jsonl == nil {
		p.printJSON(d)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tally.Add(d)
	if p.mode == modeQuiet {
		if why := d.Failure(); why != "" {
			fmt.Fprintln(p.f.IO.ErrOut, "hookctl: "+why)
		}
		return
	}
	if p.werr != nil {
		return
	}
	var s string
	switch {
	case p.mode == modeJSON:
		p.keep(p.jsonl.Value(maskTokens(d.Record())))
		return
	case p.mode == modeCompact:
		s = d.Compact(p.color)
	default:
		s = d.Summary(p.color, p.width)
	}
	p.lines += strings.Count(s, "\n")
	if p.rows > 0 && p.lines > p.rows && p.tally.Total%summaryEvery == 0 {
		s += output.NewPalette(p.color).Dim("── "+p.tally.String()+" ──") + "\n"
	}
	_, err := io.WriteString(p.out, s)
	p.keep(err)
}

// keep keeps the first error of printing for the exit status, but for
// stdout's refusal once listen has stopped and closed it (a delivery
// answered meanwhile is not shown). p.mu is held.
func (p *deliveryPrinter) keep(err error) {
	if err != nil && p.werr == nil && !errors.Is(err, os.ErrClosed) {
		p.werr = err
	}
}

// printJSON writes a delivery's JSON line: its Record's JSON, as the
// output policy writes it (terminal controls escaped), without building
// the Record (nor a tally: only a terminal's summaries need one).
func (p *deliveryPrinter) printJSON(d *listen.Delivery) {
	bp := linePool.Get().(*[]byte)
	defer linePool.Put(bp)
	*bp = d.AppendJSON((*bp)[:0], isTokenHeader)
	// No lock here but stdout's own, unless the write failed.
	if _, err := p.out.Write(webhook.SafeJSON(*bp)); err != nil {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.keep(err)
	}
}

// linePool keeps the buffers JSON lines are made in.
var linePool = sync.Pool{New: func() any { return new([]byte) }}

// maskTokens hides the headers that carry a secret itself (a dialect whose
// Signing.TokenOnly), which listen must never print; --record keeps them,
// byte-exact, for replay.
func maskTokens(r listen.Record) listen.Record {
	for k := range r.Headers {
		if isTokenHeader(k) {
			r.Headers[k] = "[REDACTED]"
		}
	}
	return r
}

// tokenHeaders are the headers that carry a dialect's secret itself
// (Signing.TokenOnly).
var tokenHeaders = sync.OnceValue(func() []string {
	var names []string
	for _, d := range dialect.Builtin() {
		if d.Signing.TokenOnly {
			names = append(names, d.Signing.Schemes)
		}
	}
	return names
})

// isTokenHeader reports whether a header carries a secret itself.
func isTokenHeader(name string) bool {
	for _, t := range tokenHeaders() {
		if strings.EqualFold(name, t) {
			return true
		}
	}
	return false
}

// ready says listen is listening: a line on a terminal, a JSON object
// (with the "listening" URL and the address) when stderr is not one.
func (p *deliveryPrinter) ready(url, addr string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.f.IO.IsStderrTTY() {
		fmt.Fprintln(p.f.IO.ErrOut, "hookctl: listening on "+url+"; Ctrl-C to stop")
		return
	}
	b, _ := json.Marshal(map[string]string{"listening": url, "addr": addr, "message": "listening on " + url + "; Ctrl-C to stop"})
	fmt.Fprintln(p.f.IO.ErrOut, string(b))
}

// note says something on stderr; --quiet leaves it out.
func (p *deliveryPrinter) note(s string) {
	if p.mode == modeQuiet {
		return
	}
	p.warn(s)
}

// warn says something on stderr that --quiet keeps: a warning, an error.
func (p *deliveryPrinter) warn(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.f.IO.ErrOut, p.f.Redactor.String("hookctl: "+s))
}

// handlerNote is a request that is not a delivery (a callback check) or
// what happened to a delivery (the app did not answer). With --quiet, the
// delivery's own failure line says the latter.
func (p *deliveryPrinter) handlerNote(s string) { p.note(s) }

// refused is a request refused before it was a delivery (another path, a
// body too large): a failure, which --quiet shows.
func (p *deliveryPrinter) refused(s string) { p.warn(s) }

// close writes what stdout still holds; deliveries printed after it are
// not shown.
func (p *deliveryPrinter) close() {
	err := p.out.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keep(err)
}

// err is why the run failed: a record that could not be written (the
// recording is short), else a write to stdout that failed. It is known
// once the printer is closed.
func (p *deliveryPrinter) err() error {
	p.recMu.Lock()
	defer p.recMu.Unlock()
	if p.recErr != nil {
		return fmt.Errorf("listen: %s not recorded to %s (the first: %v)", deliveries(p.recFails), p.recorder.Path(), p.recWhy)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.werr
}
