//go:build !linux

package hookctl_test

import "os/exec"

// noLeftovers watches for processes left behind on Linux only.
type noLeftovers struct{ m interface{ Run() int } }

func (n noLeftovers) Run() int { return n.m.Run() }

// killGroupOnCancel leaves cmd as it is (process groups are a POSIX idea).
func killGroupOnCancel(cmd *exec.Cmd) {}
