//go:build linux

package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	expect "github.com/Netflix/go-expect"
	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
	"golang.org/x/sys/unix"
)

// The PTY tests drive the real binary through a pseudo-terminal, as a
// person at a keyboard would: survey's raw mode, no-echo secrets, Ctrl-C.
// Each expectation and each run has a hard timeout, so a prompt that never
// comes fails the test in seconds instead of hanging CI.

const (
	ptyExpectTimeout = 5 * time.Second
	ptyRunTimeout    = 15 * time.Second
)

var (
	ptyBinOnce sync.Once
	ptyBin     string
	ptyBinErr  error
)

// hookctlBinary builds ./cmd/hookctl once for all PTY tests.
func hookctlBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("PTY tests build the binary; skipped with -short")
	}
	ptyBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "hookctl-pty-")
		if err != nil {
			ptyBinErr = err
			return
		}
		ptyBin = filepath.Join(dir, "hookctl")
		out, err := exec.Command("go", "build", "-o", ptyBin, "github.com/hookctl/hookctl/cmd/hookctl").CombinedOutput()
		if err != nil {
			ptyBinErr = errors.New(string(out))
		}
	})
	if ptyBinErr != nil {
		t.Fatalf("building hookctl: %v", ptyBinErr)
	}
	return ptyBin
}

// ptySession is one hookctl run on a pseudo-terminal. The console must be
// read all along: survey asks the terminal for the cursor position and
// waits for vt10x's answer, which only comes while output is being read.
type ptySession struct {
	t    *testing.T
	c    *expect.Console
	cmd  *exec.Cmd
	out  *syncBuffer
	seen int // how much of out earlier expectations consumed
	// answers counts vt10x's replies to the program's cursor-position
	// queries (ESC[6n), to type only once survey has had its reply.
	answers *atomic.Int64
}

// countingWriter counts the writes vt10x makes: its replies to queries.
type countingWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (c countingWriter) Write(p []byte) (int, error) {
	c.n.Add(int64(bytes.Count(p, []byte("R"))))
	return c.w.Write(p)
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startPTY runs the binary with args, its stdin, stdout and stderr all the
// terminal, in the test environment e (keyring off: the subprocess cannot
// see go-keyring's mock, and this machine has no secret service).
func (e *testEnv) startPTY(args ...string) *ptySession {
	t := e.t
	t.Helper()
	bin := hookctlBinary(t)
	ptm, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	out := &syncBuffer{}
	answers := &atomic.Int64{}
	term := vt10x.New(vt10x.WithWriter(countingWriter{tty, answers}), vt10x.WithSize(120, 40))
	c, err := expect.NewConsole(expect.WithStdin(ptm), expect.WithStdout(term, out),
		expect.WithCloser(ptm, tty), expect.WithDefaultTimeout(ptyExpectTimeout))
	if err != nil {
		t.Fatal(err)
	}
	_ = pty.Setsize(c.Tty(), &pty.Winsize{Rows: 40, Cols: 120})
	cmd := exec.Command(bin, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c.Tty(), c.Tty(), c.Tty()
	// Its own session with the terminal as its controlling terminal, as a
	// shell starts it: Ctrl-C outside raw mode is then SIGINT.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	cmd.Env = []string{"HOOKCTL_KEYRING=off", "TERM=xterm-256color", "NO_COLOR=1"}
	for k, v := range e.vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if err := cmd.Start(); err != nil {
		c.Close()
		t.Fatal(err)
	}
	s := &ptySession{t: t, c: c, cmd: cmd, out: out, answers: answers}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		c.Close()
	})
	return s
}

// pump reads what the program wrote so far (into out and vt10x, which
// answers the program's terminal queries).
func (s *ptySession) pump() {
	_, _ = s.c.Expect(expect.String("\x00never printed\x00"), expect.WithTimeout(15*time.Millisecond))
}

// expect waits for want in the terminal output after what earlier
// expectations matched.
func (s *ptySession) expect(want string) {
	s.t.Helper()
	deadline := time.Now().Add(ptyExpectTimeout)
	for {
		text := s.out.String()
		if i := strings.Index(text[s.seen:], want); i >= 0 {
			s.seen += i + len(want)
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waiting for %q: not shown within %s\nterminal so far:\n%s", want, ptyExpectTimeout, text)
		}
		s.pump()
	}
}

// waitRaw waits until the prompt put the terminal in raw mode: keys typed
// earlier would be read by the line discipline (Ctrl-C a signal, not a key).
func (s *ptySession) waitRaw() {
	s.t.Helper()
	deadline := time.Now().Add(ptyExpectTimeout)
	for {
		tio, err := unix.IoctlGetTermios(int(s.c.Tty().Fd()), unix.TCGETS)
		if err != nil {
			s.t.Fatal(err)
		}
		if tio.Lflag&unix.ICANON == 0 {
			s.settle(deadline)
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the prompt did not take the terminal within %s\nterminal:\n%s", ptyExpectTimeout, s.out.String())
		}
		s.pump()
	}
}

// settle waits until every cursor-position query the program made has been
// answered and the output has been quiet for a moment: survey reads the
// reply from stdin, and keys typed before it would be taken for it.
func (s *ptySession) settle(deadline time.Time) {
	quiet, last := 0, -1
	for quiet < 3 {
		text := s.out.String()
		asked := int64(strings.Count(text, "\x1b[6n"))
		if len(text) == last && asked <= s.answers.Load() {
			quiet++
		} else {
			quiet = 0
		}
		last = len(text)
		if time.Now().After(deadline) {
			s.t.Fatalf("the prompt did not settle within %s\nterminal:\n%s", ptyExpectTimeout, text)
		}
		s.pump()
	}
	time.Sleep(10 * time.Millisecond) // the console's copy of the reply into the terminal
}

// send types keys once the prompt reads them (no Enter).
func (s *ptySession) send(keys string) {
	s.t.Helper()
	s.waitRaw()
	if _, err := s.c.Send(keys); err != nil {
		s.t.Fatal(err)
	}
}

// line types text and Enter.
func (s *ptySession) line(text string) { s.send(text + "\r") }

// wait waits for the process and returns its exit code.
func (s *ptySession) wait() int {
	s.t.Helper()
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	deadline := time.Now().Add(ptyRunTimeout)
	for {
		select {
		case err := <-done:
			s.pump() // the last words
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				return ee.ExitCode()
			}
			if err != nil {
				s.t.Fatal(err)
			}
			return 0
		default:
		}
		if time.Now().After(deadline) {
			_ = s.cmd.Process.Kill()
			s.t.Fatalf("hookctl did not exit within %s\nterminal:\n%s", ptyRunTimeout, s.out.String())
		}
		s.pump()
	}
}

// waitCode waits for exit and checks the code, then the terminal text.
func (s *ptySession) waitCode(want int) string {
	s.t.Helper()
	if got := s.wait(); got != want {
		s.t.Fatalf("exit %d, want %d\nterminal:\n%s", got, want, s.out.String())
	}
	return s.out.String()
}

// runPlain runs the binary without a terminal, for setup and checks.
func (e *testEnv) runPlain(args ...string) (string, int) {
	e.t.Helper()
	cmd := exec.Command(hookctlBinary(e.t), args...)
	cmd.Env = []string{"HOOKCTL_KEYRING=off"}
	for k, v := range e.vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out.String() + errOut.String(), ee.ExitCode()
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return out.String() + errOut.String(), 0
}

const (
	keyDown  = "\x1b[B"
	keyCtrlC = "\x03"
)

func TestPTYProfileAddForm(t *testing.T) {
	e := newTestEnv(t, "")
	s := e.startPTY("profile", "add", "board")
	s.expect("Dialect:")
	s.expect("entrust")
	s.line("") // trello, the first choice
	s.expect("API key")
	s.line("sandbox-key")
	s.expect("API token")
	s.line("sandbox-token")
	s.expect("App secret (optional, Enter to skip)")
	s.line("")
	s.expect("Base URL (optional")
	s.line("http://example.com/not-loopback")
	s.expect("plain http is allowed only to a loopback host")
	s.expect("Base URL (optional")
	s.line(strings.Repeat("\x7f", 40) + e.baseURL("trello")) // erase the rejected answer survey keeps
	s.expect("Check the credentials now")
	s.line("y")
	s.expect("profile board: credentials ok")
	s.expect("saved profile board (trello; secrets in " + e.path + "), the default profile")
	screen := s.waitCode(0)
	if strings.Contains(screen, "sandbox-token") || strings.Contains(screen, "sandbox-key") {
		t.Errorf("a secret was echoed:\n%s", screen)
	}
	if e.mode() != 0o600 {
		t.Errorf("config mode %o", e.mode())
	}
	out, code := e.runPlain("profile", "check")
	if code != 0 || !strings.HasPrefix(out, "board: ok (trello, "+e.baseURL("trello")) {
		t.Errorf("profile check after the form: %d %s", code, out)
	}
	if out, code = e.runPlain("profile", "show"); code != 0 || strings.Contains(out, "sandbox-token") || !strings.Contains(out, "****ken") {
		t.Errorf("profile show: %d %s", code, out)
	}
}

func TestPTYProfileAddSupportBeeByArrowKeys(t *testing.T) {
	e := newTestEnv(t, "")
	s := e.startPTY("profile", "add", "desk")
	s.expect("Dialect:")
	s.expect("entrust")
	s.send(keyDown)
	s.line("")
	s.expect("Company")
	s.line("")
	s.expect("Base URL:")
	s.line(e.baseURL("supportbee"))
	s.expect("API token")
	s.line("sandbox-token")
	s.expect("Check the credentials now")
	s.line("n")
	s.waitCode(0)
	if f := e.file(); !strings.Contains(f, "dialect: supportbee") || !strings.Contains(f, "auth-token: sandbox-token") {
		t.Errorf("config:\n%s", f)
	}
}

func TestPTYCtrlCLeavesConfigUnchanged(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	before := e.file()
	for _, tc := range []struct {
		name  string
		args  []string
		steps func(s *ptySession)
	}{
		{"at the dialect", []string{"profile", "add", "x"}, func(s *ptySession) {
			s.expect("Dialect:")
			s.send(keyCtrlC)
		}},
		{"at a secret", []string{"profile", "add", "x", "--dialect", "entrust"}, func(s *ptySession) {
			s.expect("Base URL")
			s.line("https://acme.us.trustedauth.com")
			s.expect("Application ID")
			s.line("app")
			s.expect("Shared secret")
			s.send("half-typed")
			s.send(keyCtrlC)
		}},
		{"at the check", []string{"profile", "add", "x", "--dialect", "supportbee", "--set", "company=acme"}, func(s *ptySession) {
			s.expect("Base URL")
			s.line("")
			s.expect("API token")
			s.line("t0k3n")
			s.expect("Check the credentials now")
			s.send(keyCtrlC)
		}},
		{"at replace", []string{"profile", "add", "local-trello"}, func(s *ptySession) {
			s.expect("Replace it?")
			s.send(keyCtrlC)
		}},
		{"at remove", []string{"profile", "remove", "local-entrust"}, func(s *ptySession) {
			s.expect("Remove profile local-entrust (entrust)?")
			s.send(keyCtrlC)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.t = t
			s := e.startPTY(tc.args...)
			tc.steps(s)
			s.waitCode(130)
			if e.file() != before {
				t.Errorf("config changed:\n%s", e.file())
			}
		})
	}
}

func TestPTYCreateAsksForURL(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	s := e.startPTY("create", "--model", testModel, "-q")
	s.expect("Callback URL:")
	s.line("not a url")
	s.expect("not an absolute URL")
	s.line(strings.Repeat("\x7f", 20) + "https://example.com/from-pty")
	screen := s.waitCode(0)
	out, _ := e.runPlain("list")
	if !strings.Contains(out, "https://example.com/from-pty") {
		t.Errorf("list after create:\n%s\nterminal:\n%s", out, screen)
	}
	// The same command in a pipe fails at once, naming the flag.
	out, code := e.runPlain("create", "--model", testModel)
	if code != 2 || !strings.Contains(out, "--url") {
		t.Errorf("create in a pipe: %d %s", code, out)
	}
}

func TestPTYDeleteConfirms(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	out, code := e.runPlain("create", "--url", "https://example.com/doomed", "--model", testModel, "-q")
	if code != 0 {
		t.Fatal(out)
	}
	id := strings.TrimSpace(out)

	s := e.startPTY("delete", id)
	s.expect("About to delete 1 webhook (profile local-trello)")
	s.expect("https://example.com/doomed")
	s.expect("Delete 1 webhook?")
	s.line("n")
	s.expect("nothing deleted")
	s.waitCode(1) // declined, as gh exits
	if out, _ := e.runPlain("list", "-q"); out != id+"\n" {
		t.Fatalf("deleted after no: %q", out)
	}

	s = e.startPTY("delete", id)
	s.expect("Delete 1 webhook?")
	s.send(keyCtrlC)
	s.waitCode(130)

	s = e.startPTY("delete", id)
	s.expect("Delete 1 webhook?")
	s.line("y")
	s.expect("deleted 1 webhook")
	s.waitCode(0)
	if out, _ := e.runPlain("list", "-q"); out != "" {
		t.Errorf("list after yes: %q", out)
	}
}
