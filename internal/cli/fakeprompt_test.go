package cli

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/sandbox"
)

// answer is one scripted reply of fakePrompter: the question must contain
// match; value is a string, bool or []string; err ends the command (e.g.
// errInterrupted for Ctrl-C). reject lists answers the prompt's validator
// must refuse before value is given.
type answer struct {
	match  string
	value  any
	err    error
	reject []string
}

// fakePrompter replays answers in order and fails the test on any question
// it was not told about.
type fakePrompter struct {
	t       *testing.T
	answers []answer
	asked   []string
}

var _ Prompter = (*fakePrompter)(nil)

func (p *fakePrompter) next(kind, message string, validate func(string) error) answer {
	p.t.Helper()
	p.asked = append(p.asked, kind+" "+message)
	if len(p.answers) == 0 {
		p.t.Fatalf("unexpected question %s %q", kind, message)
	}
	a := p.answers[0]
	p.answers = p.answers[1:]
	if !strings.Contains(message, a.match) {
		p.t.Fatalf("question %s %q, want one containing %q", kind, message, a.match)
	}
	for _, bad := range a.reject {
		if validate == nil || validate(bad) == nil {
			p.t.Errorf("%q: answer %q was accepted, want it refused", message, bad)
		}
	}
	if s, ok := a.value.(string); ok && validate != nil && a.err == nil {
		if err := validate(s); err != nil {
			p.t.Fatalf("%q: answer %q refused: %v", message, s, err)
		}
	}
	return a
}

func (p *fakePrompter) Input(message, help string, validate func(string) error) (string, error) {
	a := p.next("input", message, validate)
	s, _ := a.value.(string)
	return s, a.err
}

func (p *fakePrompter) Password(message, help string, validate func(string) error) (string, error) {
	a := p.next("password", message, validate)
	s, _ := a.value.(string)
	return s, a.err
}

func (p *fakePrompter) Confirm(message string, def bool) (bool, error) {
	a := p.next("confirm", message, nil)
	b, _ := a.value.(bool)
	return b, a.err
}

func (p *fakePrompter) Select(message string, options []string, def string) (string, error) {
	a := p.next("select", message, nil)
	s, _ := a.value.(string)
	if a.err == nil && !contains(options, s) {
		p.t.Fatalf("%q: %q is not among %v", message, s, options)
	}
	return s, a.err
}

func (p *fakePrompter) MultiSelect(message string, options []string) ([]string, error) {
	a := p.next("multiselect", message, nil)
	v, _ := a.value.([]string)
	return v, a.err
}

// done fails the test if scripted answers were left unasked.
func (p *fakePrompter) done() {
	p.t.Helper()
	if len(p.answers) > 0 {
		p.t.Errorf("questions not asked: %d left, first %q (asked: %q)", len(p.answers), p.answers[0].match, p.asked)
	}
}

// testEnv is a temporary HOME with a config file, and a sandbox server of
// all three dialects for profiles to point at.
type testEnv struct {
	t      *testing.T
	vars   map[string]string
	path   string
	server string
}

func newTestEnv(t *testing.T, cfg string) *testEnv {
	t.Helper()
	dir := t.TempDir()
	sb, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(func() { srv.Close(); sb.Close() })
	e := &testEnv{t: t, path: filepath.Join(dir, "config.yaml"), server: srv.URL, vars: map[string]string{
		"HOME":            dir,
		"XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"XDG_CACHE_HOME":  filepath.Join(dir, "cache"),
		"XDG_STATE_HOME":  filepath.Join(dir, "state"),
	}}
	e.vars["HOOKCTL_CONFIG"] = e.path
	if cfg != "" {
		cfg = strings.ReplaceAll(cfg, "$SANDBOX", srv.URL)
		if err := os.WriteFile(e.path, []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// sandboxProfiles is a config with the sandbox server's profiles, one per
// dialect, the first the default.
func sandboxProfiles() string {
	return config.SandboxConfigYAML("$SANDBOX", nil)
}

func (e *testEnv) getenv(k string) string { return e.vars[k] }

// baseURL is the sandbox server's base URL for a dialect.
func (e *testEnv) baseURL(name string) string {
	d, err := dialect.Lookup(name)
	if err != nil {
		e.t.Fatal(err)
	}
	return d.SandboxValues(e.server).Get(spec.KeyBaseURL)
}

// run is one hookctl run. tty makes stdin, stdout and stderr count as
// terminals; store is the keyring (nil: file only).
type run struct {
	args     []string
	stdin    string
	tty      bool
	prompter *fakePrompter
	store    config.SecretStore
}

func (e *testEnv) run(r run) (stdout, stderr string, code int) {
	e.t.Helper()
	var out, errOut bytes.Buffer
	f := &Factory{
		IO:       NewIOStreams(strings.NewReader(r.stdin), &out, &errOut, e.getenv),
		Getenv:   e.getenv,
		Opts:     &GlobalOptions{},
		Redactor: httpx.NewRedactor(),
	}
	if r.tty {
		f.IO.inTTY, f.IO.outTTY, f.IO.errTTY = true, true, true
	}
	if r.prompter != nil {
		f.Prompter = r.prompter
	}
	if r.store != nil {
		f.Secrets = func() config.SecretStore { return r.store }
	}
	code = Run(context.Background(), f, r.args)
	if r.prompter != nil {
		r.prompter.done()
	}
	return out.String(), errOut.String(), code
}

// file is the config file's content ("" when there is none).
func (e *testEnv) file() string {
	data, err := os.ReadFile(e.path)
	if err != nil && !os.IsNotExist(err) {
		e.t.Fatal(err)
	}
	return string(data)
}

// mode is the config file's permission bits.
func (e *testEnv) mode() os.FileMode {
	fi, err := os.Stat(e.path)
	if err != nil {
		e.t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func (e *testEnv) wantCode(got, want int, stderr string) {
	e.t.Helper()
	if got != want {
		e.t.Fatalf("exit %d, want %d; stderr:\n%s", got, want, stderr)
	}
}

func chmod(path string, mode os.FileMode) error { return os.Chmod(path, mode) }
