package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/internal/listen"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// registerParam marks a webhook listen --register made: its URL carries
// hookctl-listen=RUN, RUN the run's random id. Every vendor keeps a URL;
// not every one keeps a description.
const registerParam = "hookctl-listen"

// registerDescription starts the description (or name) of a registered
// webhook where the vendor has one.
const registerDescription = "hookctl listen"

// registration is a webhook listen --register made, and how to undo it.
type registration struct {
	id     string
	url    string // as registered, with the marker
	secret string // what its deliveries are signed with ("" when none)
	lock   *os.File
	lockAt string
}

// registerTarget is the URL to register for a listener reached at base
// (the listen address or --public-url) under path, marked with run.
func registerTarget(base, path, run string) string {
	u, _ := url.Parse(strings.TrimSuffix(base, "/") + path)
	q := u.Query()
	q.Set(registerParam, run)
	u.RawQuery = q.Encode()
	return u.String()
}

// unmarked is a URL without the registerParam marker, and the marker's
// run ("" when it has none).
func unmarked(raw string) (string, string) {
	u, err := url.Parse(raw)
	if err != nil {
		return raw, ""
	}
	q := u.Query()
	run := q.Get(registerParam)
	q.Del(registerParam)
	u.RawQuery = q.Encode()
	return u.String(), run
}

// runLockDir holds one lock file per listen --register run, held for as
// long as the run lives.
func runLockDir(f *Factory) string {
	return filepath.Join(config.StateDir(f.Getenv), "listen")
}

// lockRun creates and holds the lock file of run.
func lockRun(dir, run string) (*os.File, string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", err
	}
	path := filepath.Join(dir, run+".lock")
	fh, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, "", err
	}
	if err := unix.Flock(int(fh.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		fh.Close()
		return nil, "", err
	}
	return fh, path, nil
}

// runAlive reports whether run's lock file is held by a live listen: a
// run whose process is gone (even killed with -9) left its file unlocked,
// or none.
func runAlive(dir, run string) bool {
	if strings.ContainsAny(run, `/\.`) || run == "" {
		return false
	}
	fh, err := os.OpenFile(filepath.Join(dir, run+".lock"), os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer fh.Close()
	if err := unix.Flock(int(fh.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		return true
	}
	_ = unix.Flock(int(fh.Fd()), unix.LOCK_UN)
	_ = os.Remove(fh.Name())
	return false
}

// register creates the webhook that points at the listener, after deleting
// marked webhooks for the same listener URL whose run is gone. events and
// model are what to register; the secret is a fresh one where the backend
// takes one, the one it returns once where it makes its own.
func register(ctx context.Context, f *Factory, opts *ListenOptions, base, path string, note func(string), h *listen.Handler) (*registration, error) {
	schema, err := f.Schema()
	if err != nil {
		return nil, err
	}
	b, err := f.Backend()
	if err != nil {
		return nil, err
	}
	run := webhook.RandomHex(8)
	dir := runLockDir(f)
	lock, lockAt, err := lockRun(dir, run)
	if err != nil {
		return nil, fmt.Errorf("listen: --register: cannot keep a lock file under %s: %v", dir, pathErr(err))
	}
	reg := &registration{url: registerTarget(base, path, run), lock: lock, lockAt: lockAt}
	ours, _ := unmarked(reg.url)

	// A run killed before it could clean up left its webhook: delete
	// those whose run is gone, never another live listener's.
	hooks, err := b.List(ctx)
	if err != nil {
		reg.release()
		return nil, fmt.Errorf("listen: --register: list webhooks: %w", err)
	}
	var stale []string
	for _, h := range hooks {
		if u, r := unmarked(h.URL); r != "" && u == ours && !runAlive(dir, r) {
			if err := b.Delete(ctx, h.ID); err == nil || errors.Is(err, webhook.ErrNotFound) {
				stale = append(stale, webhook.Escape(h.ID))
			}
		}
	}
	if len(stale) > 0 {
		note("deleted " + plural(len(stale), "webhook") + " left by an earlier listen --register that is gone: " + strings.Join(stale, ", "))
	}

	ch := webhook.Changes{URL: &reg.url}
	if len(opts.Events) > 0 && schema.Has(webhook.FieldEvents) {
		ch.Events = opts.Events
	}
	if opts.Model != "" {
		ch.Model = &opts.Model
	}
	if schema.Has(webhook.FieldDescription) {
		d := registerDescription + " " + run
		ch.Description = &d
	}
	if schema.Has(webhook.FieldActive) {
		on := true
		ch.Active = &on
	}
	if schema.WriteOnlySecret {
		// A fresh secret, known to the handler before the webhook exists:
		// GitHub pings it while it is being created.
		s := webhook.RandomHex(20)
		f.Redactor.Add(s)
		ch.Secret, reg.secret = &s, s
		h.SetSecret(s)
	}
	if opts.PublicURL != "" {
		// The vendor signs the URL it was given (Trello, RFC 9421).
		h.SetCallbackURL(reg.url)
	}
	if err := schema.Validate(ch, true, false); err != nil {
		reg.release()
		return nil, err
	}
	note(registerWhat(schema, ch, opts.Events, reg.url))
	w, err := b.Create(ctx, ch)
	if err != nil {
		reg.release()
		return nil, fmt.Errorf("listen: --register: %w", err)
	}
	reg.id = w.ID
	if w.Secret != "" {
		// The secret the backend made, shown once (Entrust).
		f.Redactor.Add(w.Secret)
		reg.secret = w.Secret
		h.SetSecret(w.Secret)
	}
	if reg.secret != "" {
		note("verifying its deliveries with the secret made for it")
	}
	return reg, nil
}

// unregister deletes the registered webhook (whatever ended the run) and
// lets its lock file go.
func (reg *registration) unregister(f *Factory, note func(string)) error {
	defer reg.release()
	if reg.id == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := f.Backend()
	if err == nil {
		err = b.Delete(ctx, reg.id)
	}
	if err != nil && !errors.Is(err, webhook.ErrNotFound) {
		return fmt.Errorf("listen: could not delete the registered webhook %s: %w (delete it with hookctl delete %s)", webhook.Escape(reg.id), err, webhook.Escape(reg.id))
	}
	note("deleted the registered webhook " + webhook.Escape(reg.id))
	return nil
}

func (reg *registration) release() {
	if reg.lock != nil {
		_ = os.Remove(reg.lockAt)
		_ = reg.lock.Close()
		reg.lock = nil
	}
}

// registerWhat says what is about to be registered, before it is: the
// events, or all of them where the vendor's webhooks cannot choose theirs
// (SupportBee), and then that --event only filters what is forwarded.
func registerWhat(schema *webhook.Schema, ch webhook.Changes, events []string, at string) string {
	switch {
	case len(ch.Events) > 0:
		return "registering a webhook for " + strings.Join(ch.Events, ", ") + " at " + at
	case len(events) > 0:
		title := schema.Dialect
		if d, err := dialect.Lookup(schema.Dialect); err == nil && d.Title != "" {
			title = d.Title
		}
		return title + " webhooks cannot choose their events: registering one for all events at " + at +
			"; only " + strings.Join(events, ", ") + " are forwarded (--event), the others are answered 200 and shown as filtered"
	}
	return "registering a webhook for all events at " + at
}

// reachWarning says when the backend cannot reach the URL registered: a
// backend on another machine, and a listener on loopback with no
// --public-url. "" when it can, or when that cannot be told.
func reachWarning(f *Factory, listenAddr net.Addr, publicURL string) string {
	prof, err := f.Profile()
	if err != nil {
		return ""
	}
	d, err := dialect.Lookup(prof.Dialect)
	if err != nil {
		return ""
	}
	host := farBackend(d.BaseURL(prof.Values()), listenAddr, publicURL)
	if host == "" {
		return ""
	}
	return "warning: " + d.Title + " at " + host + " cannot reach " + listenAddr.String() +
		", a loopback address of this machine: its deliveries will not arrive. Run a tunnel to this port (cloudflared, ngrok, tailscale funnel) and pass its https URL with --public-url"
}

// farBackend is the host of a backend (its API root base) that cannot
// reach a listener at listenAddr: one on another machine, while the
// listener is on loopback and no publicURL reaches it. "" otherwise: a
// backend on this machine, the in-process sandbox (which delivers to
// loopback), a listener others can reach, or a base that is not a URL.
func farBackend(base string, listenAddr net.Addr, publicURL string) string {
	if publicURL != "" || !isLoopbackAddr(listenAddr) {
		return ""
	}
	u, err := url.Parse(base)
	if err != nil || u.Hostname() == "" || webhook.IsLoopbackHost(u.Hostname()) {
		return ""
	}
	if sb, err := url.Parse(config.SandboxHost); err == nil && u.Hostname() == sb.Hostname() {
		return ""
	}
	return u.Hostname()
}
