//go:build unix

package listen

import (
	"net"
	"syscall"
)

// canCheckIdle: open can tell an idle connection the app closed.
const canCheckIdle = true

// open reports whether an idle connection is still open: the app has not
// closed it (nor sent anything, which no answer is waiting for). One
// peek that does not wait.
func open(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	alive := false
	var b [1]byte
	err = rc.Read(func(fd uintptr) bool {
		_, _, rerr := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		alive = rerr == syscall.EAGAIN || rerr == syscall.EWOULDBLOCK
		return true
	})
	return err == nil && alive
}
