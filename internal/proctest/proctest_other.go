//go:build !linux

package proctest

import "os/exec"

// NoLeftovers wraps a test binary's M; it watches for processes left
// behind on Linux only.
type NoLeftovers struct{ M interface{ Run() int } }

// Run runs the tests.
func (n NoLeftovers) Run() int { return n.M.Run() }

// KillGroupOnCancel leaves cmd as it is (process groups are a POSIX idea).
func KillGroupOnCancel(cmd *exec.Cmd) {}
