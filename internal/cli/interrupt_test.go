package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Ctrl-C during a command interrupts it: the run's context is cancelled,
// the request in flight is abandoned, and Run exits 130 with the one line
// "hookctl: interrupted", promptly and with nothing on stdout.
func TestCtrlCInterruptsARunningCommand(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	}))
	defer srv.Close()
	e := newTestEnv(t, "profile: p\nprofiles:\n  p:\n    dialect: trello\n    base-url: "+srv.URL+"/1\n    key: k\n    token: t\n")
	type result struct {
		out, errOut string
		code        int
	}
	done := make(chan result, 1)
	go func() {
		out, errOut, code := e.run(run{args: []string{"list"}})
		done <- result{out, errOut, code}
	}()
	select {
	case <-arrived: // Run is watching for Ctrl-C by now: the request is out
	case <-time.After(10 * time.Second):
		t.Fatal("the list request never arrived")
	}
	sent := time.Now()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if r.code != ExitInterrupted || strings.TrimSpace(r.errOut) != "hookctl: interrupted" || r.out != "" {
			t.Errorf("exit %d, stdout %q, stderr %q; want 130 and the one line \"hookctl: interrupted\"", r.code, r.out, r.errOut)
		}
		if took := time.Since(sent); took > time.Second {
			t.Errorf("interrupted after %s", took)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("SIGINT did not interrupt the running command")
	}
}
