package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"syscall"
)

// IsLoopbackHost reports whether host (a URL's Hostname) names this machine
// for certain: the name "localhost" (any case) or a loopback address
// (127.0.0.0/8, ::1). It is the one rule for plain http: base URLs, callback
// URLs, delivery targets, the sandbox and listen --forward-to.
//
// Nothing else passes. "localhost." (the absolute name) and names under
// .localhost would be sent to DNS by some resolvers, and DNS may answer with
// any address; and even "localhost" is only trusted together with
// DialLoopback, which refuses a connection to the address it resolved to
// unless that address is loopback.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	if i := strings.IndexByte(host, '%'); i >= 0 {
		host = host[:i] // an IPv6 zone: "::1%lo"
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ErrNotLoopback is a connection refused because the name "localhost"
// resolved to an address that is not loopback.
var ErrNotLoopback = errors.New("localhost resolved to an address that is not loopback; refusing plain http to it")

// DialLoopback wraps dial so that a connection to the name "localhost"
// is made only to a loopback address, whatever the resolver answered: the
// decision IsLoopbackHost made on the name holds for the address too.
// Other hosts are dialled as they are.
func DialLoopback(d *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	pinned := *d
	inner := d.Control
	pinned.Control = func(network, address string, c syscall.RawConn) error {
		if err := loopbackOnly(address); err != nil {
			return err
		}
		if inner != nil {
			return inner(network, address, c)
		}
		return nil
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if host, _, err := net.SplitHostPort(addr); err == nil && strings.EqualFold(host, "localhost") {
			return pinned.DialContext(ctx, network, addr)
		}
		return d.DialContext(ctx, network, addr)
	}
}

// loopbackOnly refuses a resolved address ("IP:port") that is not loopback.
func loopbackOnly(address string) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return ErrNotLoopback
	}
	return nil
}

// CheckPort refuses a URL port that cannot be dialled: not a number, 0,
// or over 65535. No port at all is fine (the scheme's default).
func CheckPort(u *url.URL) error {
	p := u.Port()
	if p == "" {
		return nil // none, or "host:", which means the default (RFC 3986)
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("port %s is not a port number (1-65535)", p)
	}
	return nil
}

// CheckListenAddr checks a HOST:PORT to listen on (listen --addr, sandbox
// --addr): the port a number 0-65535, 0 picking a free one.
func CheckListenAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not HOST:PORT, e.g. 127.0.0.1:8080", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q: port %s is not a port number (0-65535, 0 picks a free one)", addr, port)
	}
	return nil
}
