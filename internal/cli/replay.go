package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/hookctl/hookctl/internal/listen"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/signature"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// maxRecordLine bounds one line of a recording: a 10 MiB body in base64,
// with its headers.
const maxRecordLine = 16 << 20

// ReplayOptions are replay's arguments and flags.
type ReplayOptions struct {
	f      *Factory
	File   string
	To     string
	Resign bool
	// IncludeRejected re-signs deliveries that were not verified when
	// recorded too.
	IncludeRejected bool
	Only            []int
	Events          []string
	Secret          secretFlags
}

func newCmdReplay(f *Factory) *cobra.Command { return newReplayCmd(f) }

func newReplayCmd(f *Factory) *cobra.Command {
	opts := &ReplayOptions{f: f}
	cmd := &cobra.Command{
		Use:         "replay FILE|- [--to URL] [--resign [--include-rejected]] [--only N]... [--event E]...",
		Annotations: prints(outRecords),
		Short:       "Send deliveries recorded by listen --record again",
		Long: `Send deliveries recorded by ` + "`hookctl listen --record FILE`" + ` again, in the
order recorded: same method, headers and body, to the recorded path on
--to (or to the URL they were first sent to). FILE - reads the recording
from stdin.

--resign recomputes the signature with the secret (--secret-file,
--secret-stdin, $HOOKCTL_WEBHOOK_SECRET or the profile's), the way the
vendor that signed it does, over the new URL and with fresh times where
the scheme covers them:

` + later("replay-signing", func() string {
			return dialectTable(signingHelp, "any", "Standard Webhooks: a fresh webhook-timestamp, the same webhook-id")
		}) + `

Every signature header of the scheme is written again (GitHub's SHA-1
X-Hub-Signature as well as X-Hub-Signature-256). A delivery that was not
signed is signed the way the profile's dialect signs. Without --resign the
headers go out as recorded, so a receiver that checks times or ids may
refuse them.

--resign signs only deliveries that listen verified when it recorded them:
the others (failed, replayed, expired, unsigned, incomplete, or recorded
without a secret) could be anyone's, and re-signing them would give them a
genuine signature. They are not sent, and stderr says how many were
skipped; --include-rejected sends and re-signs them too.

A line of FILE that is not a whole recorded delivery (a record cut short)
is skipped, and stderr says which.

--only N picks deliveries by number (1 is the first in the file; blank
lines do not count; repeat or give a comma list), --event E by event
(e.g. createCard, or issues for issues.opened).

It prints one line per delivery: its number, method, URL, event, the
answer and the time it took; on a terminal a progress bar shows while many
are sent. Exit 1 if any answer was not 2xx or a delivery could not be sent.`,
		Example: `  hookctl listen --record deliveries.jsonl
  # later, to your app:
  #   hookctl replay deliveries.jsonl --to http://127.0.0.1:3000 --resign
  #   hookctl replay deliveries.jsonl --to http://127.0.0.1:3000 --event createCard --only 2
  #   jq -c 'select(.verification=="verified")' deliveries.jsonl | hookctl replay -`,
		Args: exactArgs(1, "FILE|-"),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveDefault
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return replayRun(cmd, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.To, "to", "", "send to this base URL (scheme, host and path prefix) instead of the recorded URL")
	fl.BoolVar(&opts.Resign, "resign", false, "sign each delivery verified when recorded again with the secret, as its vendor signs")
	fl.BoolVar(&opts.IncludeRejected, "include-rejected", false, "with --resign, also re-sign and send deliveries that were not verified when recorded")
	fl.IntSliceVar(&opts.Only, "only", nil, "send only the Nth delivery of the file (repeatable, or comma-separated)")
	fl.StringArrayVar(&opts.Events, "event", nil, "send only deliveries of this event (repeatable)")
	opts.Secret.register(fl, "re-signs (--resign)")
	return cmd
}

// replayed is one delivery's outcome, in replay's json output.
type replayed struct {
	N         int     `json:"n"`
	Method    string  `json:"method"`
	URL       string  `json:"url"`
	Event     string  `json:"event,omitempty"`
	Status    int     `json:"status,omitempty"`
	Error     string  `json:"error,omitempty"`
	Resigned  bool    `json:"resigned"`
	ElapsedMS float64 `json:"elapsed_ms"`
}

// numbered is a recording and its number in the file (1: the first).
type numbered struct {
	n   int
	rec listen.Recording
}

func replayRun(cmd *cobra.Command, opts *ReplayOptions) error {
	f := opts.f
	for _, n := range opts.Only {
		if n < 1 {
			return webhook.Invalid("--only", "delivery numbers start at 1, got %d", n)
		}
	}
	if opts.File == "-" && opts.Secret.Stdin {
		return &usageError{errors.New("--secret-stdin and FILE - both read stdin: give the secret with --secret-file instead")}
	}
	var base *url.URL
	if opts.To != "" {
		var err error
		if base, err = checkTarget("--to", opts.To); err != nil {
			return err
		}
	}
	// Ctrl-C ends the read at once (replay - on a terminal or an open pipe).
	if opts.File == "-" {
		readingHint(f, "recorded deliveries (listen --record lines)")
	}
	recs, err := untilDone(cmd.Context(), func() ([]numbered, error) { return readRecording(f, opts.File) })
	if err != nil {
		return err
	}
	recs = selectRecordings(recs, opts.Only, opts.Events)
	if len(recs) == 0 {
		return webhook.Invalid("", "no delivery in %s matches --only/--event", recordingName(opts.File))
	}
	if opts.IncludeRejected && !opts.Resign {
		return webhook.Invalid("--include-rejected", "goes with --resign (without it every delivery is sent as recorded)")
	}
	if opts.Resign && !opts.IncludeRejected {
		var skipped int
		recs, skipped = verifiedOnly(recs)
		if skipped > 0 {
			fmt.Fprintf(f.IO.ErrOut, "hookctl: skipped %d not verified when recorded (--include-rejected sends them)\n", skipped)
		}
		if len(recs) == 0 {
			return fmt.Errorf("replay: no delivery in %s was verified when recorded: nothing to re-sign", recordingName(opts.File))
		}
	}
	// Every target is checked before the first is sent.
	targets := make([]string, len(recs))
	for i, r := range recs {
		t, err := replayTarget(base, r.rec)
		if err != nil {
			return webhook.Invalid("", "delivery %d: %v", r.n, err)
		}
		targets[i] = t
	}
	var sign func(h http.Header, method, target string, body []byte, now time.Time) error
	if opts.Resign {
		prof, err := f.Profile()
		if err != nil {
			return err
		}
		secret, _, err := f.webhookSecret(cmd.Context(), prof, opts.Secret)
		if err != nil {
			return err
		}
		if secret == "" {
			return webhook.Invalid("--resign", "no secret to sign with: give one with --secret-file, --secret-stdin, $%s or the profile's secret", webhookSecretEnv)
		}
		sign = resigner(prof.Dialect, secret)
	}
	p, err := f.Printer(nil, false)
	if err != nil {
		return err
	}
	client := f.deliveryClient()
	bar := newProgress(f, "replaying", len(recs))
	var rows [][]string
	var data []replayed
	failed := 0
	for i, r := range recs {
		if err := cmd.Context().Err(); err != nil {
			bar.finish()
			return err
		}
		out := replayed{N: r.n, Method: r.rec.Method, URL: targets[i], Event: r.rec.Event, Resigned: sign != nil}
		ans, err := replayOne(cmd, client, r.rec, targets[i], sign)
		switch {
		case err != nil:
			out.Error = err.Error()
		default:
			out.Status = ans.Status
			out.ElapsedMS = float64(ans.Elapsed.Microseconds()) / 1000
		}
		ok := err == nil && ans.Status >= 200 && ans.Status <= 299
		if !ok {
			failed++
		}
		bar.add(!ok)
		answer := statusLine(out.Status)
		if out.Error != "" {
			answer = "error: " + out.Error
		}
		event := out.Event
		if event == "" {
			event = "-"
		}
		rows = append(rows, []string{fmt.Sprint(r.n), out.Method, out.URL, event, answer, ans.Elapsed.Round(time.Millisecond).String()})
		data = append(data, out)
	}
	bar.finish()
	if err := p.StatusRecords([]string{"N", "METHOD", "URL", "EVENT", "ANSWER", "TIME"}, rows, data, 4); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("replay: %d of %d deliveries were not answered 2xx", failed, len(recs))
	}
	return nil
}

// replayOne sends one recorded delivery to target, re-signed when sign is
// set.
func replayOne(cmd *cobra.Command, c *http.Client, rec listen.Recording, target string, sign func(http.Header, string, string, []byte, time.Time) error) (sentDelivery, error) {
	body, err := rec.RawBody()
	if err != nil {
		return sentDelivery{}, err
	}
	h := rec.Headers.Clone()
	if h == nil {
		h = http.Header{}
	}
	for _, k := range []string{"Host", "Content-Length", "Connection", "Keep-Alive", "Transfer-Encoding", "Te", "Trailer", "Upgrade", "Proxy-Connection", "Proxy-Authorization", listen.VerificationHeader} {
		h.Del(k)
	}
	if sign != nil {
		if err := sign(h, rec.Method, target, body, time.Now()); err != nil {
			return sentDelivery{}, fmt.Errorf("cannot sign: %v", err)
		}
	}
	method := rec.Method
	if method == "" {
		method = http.MethodPost
	}
	return sendDelivery(cmd.Context(), c, method, target, h, body)
}

// resigner signs a delivery again the way its vendor signed it: each
// dialect whose signature it carries (its spec.Signer), and Standard
// Webhooks; one that carries none is signed the way the profile's dialect
// signs.
func resigner(profileDialect, secret string) func(http.Header, string, string, []byte, time.Time) error {
	return func(h http.Header, _, target string, body []byte, now time.Time) error {
		signed := false
		for _, d := range dialect.All() {
			if s := d.Signing.Signer; s != nil && s.Signed(h) {
				s.Sign(h, body, secret, target)
				signed = true
			}
		}
		if h.Get(signature.StandardSignatureHeader) != "" {
			id := h.Get(signature.StandardIDHeader)
			if id == "" {
				id = "msg_" + webhook.RandomHex(12)
			}
			if err := signature.StandardSignHeader(h, secret, id, now, body); err != nil {
				return err
			}
			signed = true
		}
		if signed {
			return nil
		}
		d, err := dialect.Lookup(profileDialect)
		if err != nil || d.Signing.Signer == nil {
			return fmt.Errorf("the delivery carries no signature and %s deliveries are not signed", profileDialect)
		}
		d.Signing.Signer.Sign(h, body, secret, target)
		return nil
	}
}

// replayTarget is where a recorded delivery goes: the recorded path and
// query under base, or the recorded URL.
func replayTarget(base *url.URL, rec listen.Recording) (string, error) {
	if base == nil {
		if rec.URL == "" {
			return "", errors.New("no recorded url: pass --to URL")
		}
		u, err := checkTarget("url", rec.URL)
		if err != nil {
			return "", err
		}
		return u.String(), nil
	}
	u := *base
	u.Path = strings.TrimSuffix(base.Path, "/") + rec.Path
	u.RawPath = ""
	u.RawQuery = rec.Query
	return u.String(), nil
}

// verifiedOnly keeps the deliveries listen verified when it recorded them
// (answered, not refused, whole) and says how many it left out.
func verifiedOnly(recs []numbered) ([]numbered, int) {
	var out []numbered
	for _, r := range recs {
		if r.rec.Verification == listen.Verified && !r.rec.Rejected && !r.rec.Incomplete {
			out = append(out, r)
		}
	}
	return out, len(recs) - len(out)
}

// selectRecordings keeps those picked by --only and --event (all when
// neither is given).
func selectRecordings(recs []numbered, only []int, events []string) []numbered {
	if len(only) == 0 && len(events) == 0 {
		return recs
	}
	var out []numbered
	for _, r := range recs {
		keep := len(only) == 0
		for _, n := range only {
			keep = keep || n == r.n
		}
		if keep && len(events) > 0 {
			keep = false
			for _, e := range events {
				keep = keep || r.rec.Event == e || strings.HasPrefix(r.rec.Event, e+".")
			}
		}
		if keep {
			out = append(out, r)
		}
	}
	return out
}

func recordingName(file string) string {
	if file == "-" {
		return "stdin"
	}
	return file
}

// readRecording reads a listen --record file: one JSON object a line.
// Blank lines are skipped; a line that is not a whole recorded delivery (a
// record cut short by a full disk, a stray line) is skipped with a warning
// naming it, and is an error only when no line is a delivery.
func readRecording(f *Factory, file string) ([]numbered, error) {
	var r io.Reader
	if file == "-" {
		r = f.IO.In
	} else {
		fh, err := os.Open(file)
		if err != nil {
			return nil, webhook.Invalid("FILE", "cannot read %s: %v", file, pathErr(err))
		}
		defer fh.Close()
		r = fh
	}
	name := recordingName(file)
	br := bufio.NewReaderSize(r, 64<<10)
	var out []numbered
	var damaged []int
	for n := 1; ; n++ {
		line, err := readLine(br)
		if len(bytes.TrimSpace(line)) > 0 {
			var rec listen.Recording
			if jerr := json.Unmarshal(line, &rec); jerr != nil || rec.Method == "" || (rec.Path == "" && rec.URL == "") {
				damaged = append(damaged, n)
			} else {
				out = append(out, numbered{n: len(out) + 1, rec: rec})
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, webhook.Invalid("FILE", "%s line %d: %v", name, n, err)
		}
	}
	if len(out) == 0 && len(damaged) > 0 {
		return nil, webhook.Invalid("FILE", "%s line %d is not a delivery recorded by listen --record", name, damaged[0])
	}
	if len(out) == 0 {
		return nil, webhook.Invalid("FILE", "%s holds no deliveries", name)
	}
	for _, n := range damaged {
		fmt.Fprintf(f.IO.ErrOut, "hookctl: skipped %s line %d: not a whole delivery recorded by listen --record\n", name, n)
	}
	return out, nil
}

// readLine reads one line (without its end) of at most maxRecordLine bytes.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxRecordLine {
			return nil, fmt.Errorf("longer than %d MiB", maxRecordLine>>20)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), err
	}
}
