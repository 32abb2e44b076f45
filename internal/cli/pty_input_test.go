//go:build linux

package cli

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// sendNoEcho types keys once the program has turned the terminal's echo
// off (a hidden prompt keeps the line discipline: Enter ends the line,
// Ctrl-C is a signal).
func (s *ptySession) sendNoEcho(keys string) {
	s.t.Helper()
	deadline := time.Now().Add(ptyExpectTimeout)
	for {
		tio, err := unix.IoctlGetTermios(int(s.c.Tty().Fd()), unix.TCGETS)
		if err != nil {
			s.t.Fatal(err)
		}
		if tio.Lflag&unix.ECHO == 0 {
			break
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the prompt did not turn echo off within %s\nterminal:\n%s", ptyExpectTimeout, s.out.String())
		}
		s.pump()
	}
	if _, err := s.c.Send(keys); err != nil {
		s.t.Fatal(err)
	}
}

// sendNow types keys at once (the terminal as the shell left it).
func (s *ptySession) sendNow(keys string) {
	s.t.Helper()
	if _, err := s.c.Send(keys); err != nil {
		s.t.Fatal(err)
	}
}

// --secret-stdin on a terminal is a hidden prompt that ends at Enter, and
// Ctrl-C at it exits 130 with nothing created. Before, create read the
// terminal to its end, echoing the secret, and neither Enter nor Ctrl-C
// ended it.
func TestPTYSecretStdinIsHidden(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	for _, args := range [][]string{
		{"-p", "local-github", "create", "--url", "https://example.com/hidden", "--secret-stdin", "-q"},
		{"-p", "local-github", "trigger", "push", "--url", "https://example.com/hidden", "--secret-stdin"},
	} {
		s := e.startPTY(args...)
		s.expect("Signing secret (not shown): ")
		s.sendNoEcho(keyCtrlC)
		s.waitCode(130)
	}
	if out, _ := e.runPlain("-p", "local-github", "list", "-q"); out != "" {
		t.Fatalf("created after Ctrl-C: %q", out)
	}

	s := e.startPTY("-p", "local-github", "create", "--url", "https://example.com/hidden", "--secret-stdin", "-q")
	s.expect("Signing secret (not shown): ")
	s.sendNoEcho("pty-typed-secret-5150\r")
	screen := s.waitCode(0)
	if strings.Contains(screen, "pty-typed-secret-5150") {
		t.Errorf("the secret was echoed:\n%s", screen)
	}
	if out, _ := e.runPlain("-p", "local-github", "list", "-q"); strings.Count(out, "\n") != 1 {
		t.Errorf("list after create: %q", out)
	}
}

// `delete -` on a terminal says it reads ids until Ctrl-D, and Ctrl-C
// ends it with 130 and nothing deleted. Before, Ctrl-C was ignored and the
// lines typed after it were read as ids.
func TestPTYDeleteStdinCtrlC(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	out, code := e.runPlain("create", "--url", "https://example.com/kept", "--model", testModel, "-q")
	if code != 0 {
		t.Fatal(out)
	}
	id := strings.TrimSpace(out)
	s := e.startPTY("delete", "-", "--yes")
	s.expect("(Ctrl-C to cancel)")
	s.sendNow(id + "\r")
	s.expect(id)
	s.sendNow(keyCtrlC)
	s.waitCode(130)
	if out, _ := e.runPlain("list", "-q"); out != id+"\n" {
		t.Fatalf("list after Ctrl-C: %q, want %s kept", out, id)
	}
}

// Every read from a terminal says what it reads and ends on Ctrl-C with
// 130: replay - and apply -f - as delete - does.
func TestPTYStdinReadsEndOnCtrlC(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	for _, args := range [][]string{{"replay", "-"}, {"apply", "-f", "-"}} {
		s := e.startPTY(args...)
		// Typed once it says it reads: Ctrl-C earlier could come before
		// the run watches for it.
		s.expect("end with Ctrl-D (Ctrl-C to cancel)")
		s.sendNow("{\"partial\": \r")
		s.expect("partial")
		s.sendNow(keyCtrlC)
		s.waitCode(130)
	}
}
