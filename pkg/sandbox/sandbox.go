// Package sandbox is a faithful, local emulator of the webhook APIs of
// hookctl's vendors.
//
// It serves each vendor's Emulator under its path prefix, either as an
// ordinary http.Handler (hookctl sandbox) or in-process through an
// http.RoundTripper that never opens a socket (the built-in sandbox
// profiles). Each emulator accepts only its fixed sandbox credentials and
// rejects everything else the way its vendor does, validates input like its
// vendor, probes callback URLs with HEAD and sends signed test deliveries
// (to loopback addresses only: the sandbox never reaches the network); the
// sandbox can inject latency, 503s, dropped connections and 429s.
//
// State lives in memory or in one JSON file shared safely between processes
// (flock, load, change, atomic save, unlock on every request).
//
// The package is an independent implementation of vendor behaviour: it does
// not import the hookctl client packages, so client tests against it mean
// something. Each vendor's emulator is a package of its own under
// pkg/sandbox/ (see Emulator), given to the sandbox by hookctl's registry
// (Options.Emulators); this package is vendor-neutral.
//
// Stability: Sandbox, Options, Emulator, Host and the helpers emulators
// share, and each emulator package's emulator and accepted credentials,
// are part of hookctl's Go API; within a major version they are
// added to, not renamed or removed. The state file
// format is versioned and may change between versions.
package sandbox

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// InProcessRoot is a root URL to use with Transport: the in-process
// transport ignores scheme and host and routes on the path alone, so any
// root works; this one is a loopback name, which keeps hookctl's "plain http
// only for loopback" rule happy and fails fast if ever dialled for real.
const InProcessRoot = "http://localhost"

// Options configure a Sandbox. The zero value serves no emulator, from
// memory with no faults: give it Emulators (hookctl's registry has them
// all: dialect.Emulators()).
type Options struct {
	// Emulators are the vendor APIs the sandbox can serve.
	Emulators []Emulator
	// Dialects to serve: names of Emulators. Empty means all. Paths of
	// other dialects answer 404.
	Dialects []string
	// StatePath is the JSON state file shared by every Sandbox (in any
	// process) that names it. Empty keeps state in memory only.
	StatePath string
	// Latency is added to every dialect request.
	Latency time.Duration
	// FailRate (0..1) is the fraction of requests answered 503 in each
	// vendor's style, without being handled.
	FailRate float64
	// DropRate (0..1) is the fraction of requests that are handled (so their
	// effect happens) but whose response is cut off mid-way: the connection
	// is closed (ServeHTTP) or the body fails with io.ErrUnexpectedEOF
	// (Transport).
	DropRate float64
	// RateLimit is the number of requests allowed per RateWindow per
	// credential (what Emulator.Credential names: a token, an application);
	// 0 disables it. Over the limit the sandbox answers 429 like the vendor.
	RateLimit int
	// RateWindow is the rate-limit window; 0 means 10s.
	RateWindow time.Duration
	// TokenTTL is the lifetime of the session tokens of emulators that
	// issue them; 0 means each vendor's own.
	TokenTTL time.Duration
	// Log receives one line per request (method, path, status, duration),
	// with credentials redacted; nil is silent.
	Log io.Writer
	// Rand drives fault injection; nil seeds one from the clock. It is used
	// under a lock, so it need not be safe for concurrent use.
	Rand *rand.Rand
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Sandbox emulates the vendors' webhook APIs. It is safe for concurrent use.
type Sandbox struct {
	opts     Options
	enabled  map[string]bool
	served   []Emulator
	store    *store
	faults   *faults
	callback *http.Client
	logMu    sync.Mutex
	// instances holds what an emulator keeps per Sandbox (its rate
	// counters, say), by emulator name.
	instances sync.Map
}

// New returns a Sandbox configured by opts. With a StatePath it creates the
// file's directory if needed and checks that an existing file is readable
// state, so a corrupt file is reported here rather than on first use.
func New(opts Options) (*Sandbox, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.FailRate < 0 || opts.FailRate > 1 || opts.FailRate != opts.FailRate {
		return nil, fmt.Errorf("sandbox: fail rate %v is not between 0 and 1", opts.FailRate)
	}
	if opts.DropRate < 0 || opts.DropRate > 1 || opts.DropRate != opts.DropRate {
		return nil, fmt.Errorf("sandbox: drop rate %v is not between 0 and 1", opts.DropRate)
	}
	if opts.RateLimit < 0 || opts.RateWindow < 0 || opts.Latency < 0 || opts.TokenTTL < 0 {
		return nil, errors.New("sandbox: negative rate limit, window, latency or token lifetime")
	}
	if opts.RateWindow == 0 {
		opts.RateWindow = 10 * time.Second
	}
	s := &Sandbox{opts: opts, enabled: map[string]bool{}}
	byName := map[string]Emulator{}
	var names []string
	for _, e := range opts.Emulators {
		byName[e.Name()] = e
		names = append(names, e.Name())
	}
	if len(opts.Dialects) == 0 {
		opts.Dialects = names
	}
	for _, d := range opts.Dialects {
		d = strings.ToLower(strings.TrimSpace(d))
		if byName[d] == nil {
			return nil, fmt.Errorf("sandbox: unknown dialect %q (known: %s)", d, strings.Join(names, ", "))
		}
		s.enabled[d] = true
	}
	s.served = opts.Emulators
	st, err := openStore(opts.StatePath)
	if err != nil {
		return nil, err
	}
	s.store = st
	s.faults = newFaults(opts)
	s.callback = newCallbackClient()
	return s, nil
}

// Close releases the state lock file and idle callback connections. The
// state file itself is left in place.
func (s *Sandbox) Close() error {
	s.callback.CloseIdleConnections()
	return s.store.close()
}
