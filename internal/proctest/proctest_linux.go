//go:build linux

// Package proctest makes a test binary fail when its tests leave a
// process running: a `hookctl sandbox`, a `listen`, a shell. It is for
// tests only.
package proctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// NoLeftovers wraps a test binary's M (testing.M, or what testscript.Main
// takes): its Run runs the tests as the subreaper of every process they
// start (a process whose parent exits is handed to the test binary, not to
// PID 1), and fails the run when any of them is still running at the end.
// A `hookctl sandbox` or `listen` that an example, a script or a test left
// behind would otherwise live on after `make test`.
type NoLeftovers struct{ M interface{ Run() int } }

// Run runs the tests, then looks for processes left behind.
func (n NoLeftovers) Run() int {
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		fmt.Fprintf(os.Stderr, "warning: cannot watch for processes left behind: %v\n", err)
		return n.M.Run()
	}
	code := n.M.Run()
	// A process killed at the end of its test may take a moment to exit.
	deadline := time.Now().Add(3 * time.Second)
	left := liveChildren()
	for len(left) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		left = liveChildren()
	}
	if len(left) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: the tests left %d process(es) running:\n", len(left))
		for _, p := range left {
			fmt.Fprintf(os.Stderr, "  pid %d: %s\n", p.pid, p.cmdline)
			_ = unix.Kill(p.pid, unix.SIGKILL)
		}
		liveChildren() // reap them
		if code == 0 {
			code = 1
		}
	}
	return code
}

type process struct {
	pid     int
	cmdline string
}

// liveChildren reaps the exited children of this process and lists the
// ones still running.
func liveChildren() []process {
	for {
		var ws unix.WaitStatus
		pid, err := unix.Wait4(-1, &ws, unix.WNOHANG, nil)
		if pid <= 0 || err != nil {
			break
		}
	}
	self := os.Getpid()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var out []process
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces and parentheses.
		s := string(b)
		rest := s[strings.LastIndexByte(s, ')')+1:]
		fields := strings.Fields(rest)
		if len(fields) < 2 || fields[0] == "Z" {
			continue
		}
		if ppid, _ := strconv.Atoi(fields[1]); ppid != self {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
		cmd, _ := os.ReadFile(filepath.Join(filepath.Dir(path), "cmdline"))
		out = append(out, process{pid: pid, cmdline: strings.TrimSpace(strings.ReplaceAll(string(cmd), "\x00", " "))})
	}
	return out
}

// KillGroupOnCancel starts cmd in a process group of its own and makes its
// context's cancellation kill the whole group.
func KillGroupOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
