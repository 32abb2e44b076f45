package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/pflag"
	"golang.org/x/term"
)

// webhookSecretEnv holds the secret that signs or verifies deliveries for
// one run (listen, trigger, replay --resign): it wins over the profile's.
const webhookSecretEnv = "HOOKCTL_WEBHOOK_SECRET"

// maxSecretSize bounds a secret read from a file or stdin.
const maxSecretSize = 64 << 10

// secretFlags are the ways to give a delivery-signing secret for one run.
type secretFlags struct {
	Value string // --secret: visible to ps, kept for compatibility
	File  string
	Stdin bool
}

// register adds --secret-file, --secret-stdin and --secret; what names the
// secret's use in help ("verify", "sign").
func (s *secretFlags) register(fl *pflag.FlagSet, what string) {
	fl.StringVar(&s.File, "secret-file", "", "read the secret that "+what+" deliveries from this file (first line)")
	fl.BoolVar(&s.Stdin, "secret-stdin", false, "read the secret that "+what+" deliveries from stdin (first line)")
	fl.StringVar(&s.Value, "secret", "", "the secret on the command line, where ps shows it: prefer --secret-file, --secret-stdin or $"+webhookSecretEnv)
}

// webhookSecret picks the secret that signs or verifies deliveries:
// --secret-file, --secret-stdin or --secret (one of them), else
// $HOOKCTL_WEBHOOK_SECRET, else the profile's signing secret (the key the
// dialect's descriptor names). from says where it
// came from, for notes. --secret gets a warning on stderr.
func (f *Factory) webhookSecret(ctx context.Context, prof config.Profile, s secretFlags) (secret, from string, err error) {
	n := 0
	for _, set := range []bool{s.Value != "", s.File != "", s.Stdin} {
		if set {
			n++
		}
	}
	if n > 1 {
		return "", "", &usageError{fmt.Errorf("give the secret one way: --secret-file, --secret-stdin or --secret")}
	}
	switch {
	case s.File != "" || s.Stdin:
		secret, err = f.readSecretInput(ctx, s.File, s.Stdin)
		if err != nil {
			return "", "", err
		}
		from = "--secret-stdin"
		if s.File != "" {
			from = "--secret-file"
		}
	case s.Value != "":
		secret, from = s.Value, "--secret"
		fmt.Fprintln(f.IO.ErrOut, "hookctl: warning: --secret shows the secret to anyone who can list processes (ps); use --secret-file, --secret-stdin or $"+webhookSecretEnv)
	case f.Getenv(webhookSecretEnv) != "":
		secret, from = f.Getenv(webhookSecretEnv), "$"+webhookSecretEnv
	default:
		// The profile key that holds the dialect's signing secret, else
		// the secret any profile may set (Entrust's per-webhook token, a
		// whsec_ key).
		key := config.KeySecret
		if d, err := dialect.Lookup(prof.Dialect); err == nil && d.Signing.ProfileKey != "" {
			key = d.Signing.ProfileKey
		}
		if s := prof.Get(key); s != "" {
			secret, from = s, "the "+key+" of profile "+prof.Name
		}
	}
	f.Redactor.Add(secret)
	return secret, from, nil
}

// readSecretInput reads a secret given with --secret-file FILE or
// --secret-stdin (stdin true): its first line, without the line ending, at
// most maxSecretSize bytes. On a terminal, stdin is a hidden prompt that
// ends at Enter. Ctrl-C (the run's context) stops any of these reads. The
// secret joins the run's redactor, so that no --debug line shows it.
func (f *Factory) readSecretInput(ctx context.Context, file string, stdin bool) (string, error) {
	flag := "--secret-file"
	if stdin {
		flag = "--secret-stdin"
	}
	var secret string
	var err error
	switch {
	case stdin && f.IO.inTTY:
		fh, ok := f.IO.In.(*os.File)
		if !ok {
			return "", webhook.Invalid(flag, "cannot read the terminal")
		}
		var b []byte
		if b, err = readHidden(ctx, f, fh); err != nil {
			return "", err
		}
		secret, err = firstLine("the terminal", bytes.NewReader(b))
	case stdin:
		secret, err = untilDone(ctx, func() (string, error) { return firstLine("stdin", f.IO.In) })
	default:
		secret, err = untilDone(ctx, func() (string, error) {
			fh, err := os.Open(file)
			if err != nil {
				return "", fmt.Errorf("cannot read %s: %v", file, pathErr(err))
			}
			defer fh.Close()
			return firstLine(file, fh)
		})
	}
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if err != nil {
		return "", webhook.Invalid(flag, "%v", err)
	}
	f.Redactor.Add(secret)
	return secret, nil
}

// readHidden asks for the secret on a terminal without echoing it. Ctrl-C
// (the run's context) gives up and puts the terminal back as it was.
func readHidden(ctx context.Context, f *Factory, file *os.File) ([]byte, error) {
	fd := int(file.Fd())
	state, err := term.GetState(fd)
	if err != nil {
		return nil, webhook.Invalid("--secret-stdin", "cannot read the terminal: %v", err)
	}
	fmt.Fprint(f.IO.ErrOut, "Signing secret (not shown): ")
	type read struct {
		b   []byte
		err error
	}
	done := make(chan read, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		done <- read{b, err}
	}()
	select {
	case r := <-done:
		fmt.Fprintln(f.IO.ErrOut)
		if r.err != nil {
			return nil, webhook.Invalid("--secret-stdin", "cannot read the terminal: %v", r.err)
		}
		return r.b, nil
	case <-ctx.Done():
		_ = term.Restore(fd, state)
		fmt.Fprintln(f.IO.ErrOut)
		return nil, ctx.Err()
	}
}

// firstLine reads the first line of r, without its line ending, and no
// more of r than that line: at most maxSecretSize bytes (/dev/zero or a
// large file is refused, not read to its end). An empty secret is an error.
func firstLine(name string, r io.Reader) (string, error) {
	br := bufio.NewReaderSize(r, 4096)
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxSecretSize+1 || (len(line) > maxSecretSize && !bytes.HasSuffix(line, []byte("\n"))) {
			return "", fmt.Errorf("the first line of %s is longer than %d KiB: a secret is far shorter", name, maxSecretSize>>10)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && err != io.EOF {
			return "", fmt.Errorf("cannot read %s: %v", name, pathErr(err))
		}
		break
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	s := strings.TrimSuffix(string(line), "\r")
	if strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("%s holds no secret (empty first line)", name)
	}
	return s, nil
}

// pathErr drops the path os errors repeat ("open X: no such file").
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkTarget validates a delivery target (trigger --url, replay --to,
// listen --forward-to): an absolute http(s) URL with a valid port, plain
// http only to a loopback host.
func checkTarget(flag, raw string) (*url.URL, error) {
	if msg := webhook.URLSpace(raw); msg != "" {
		return nil, webhook.Invalid(flag, "%s", msg)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Hostname() == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, webhook.Invalid(flag, "%q is not an absolute http(s) URL", raw)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, webhook.Invalid(flag, "%q: port %s is not 1-65535", raw, p)
		}
	}
	if u.Scheme == "http" && !webhook.IsLoopbackHost(u.Hostname()) {
		return nil, webhook.Invalid(flag, "%q: plain http only to a loopback host (127.0.0.1, ::1, localhost); use https", raw)
	}
	return u, nil
}

// withProfileSecret gives a webhook about to be created the profile's
// signing secret (the one listen verifies with), where the dialect's
// webhooks take one (a write-only secret) and none was given: a webhook
// made without it has every delivery refused by a verifying listen.
func (f *Factory) withProfileSecret(s *webhook.Schema, ch *webhook.Changes) error {
	if !s.WriteOnlySecret || ch.Secret != nil {
		return nil
	}
	prof, err := f.Profile()
	if err != nil {
		return err
	}
	key := config.KeySecret
	if d, err := dialect.Lookup(prof.Dialect); err == nil && d.Signing.ProfileKey != "" {
		key = d.Signing.ProfileKey
	}
	if v := prof.Get(key); v != "" {
		f.Redactor.Add(v)
		ch.Secret = &v
	}
	return nil
}
