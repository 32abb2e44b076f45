package listen

import (
	"net"
	"sync"
)

// LimitPerClient returns a listener that holds at most n open connections
// from one client address (its IP): past that, a new connection from it
// is closed at once, so one client that opens connections and sends
// nothing (or leaves them idle) cannot take every slot of a listener
// limited overall (netutil.LimitListener) from the others.
func LimitPerClient(ln net.Listener, n int) net.Listener {
	return &perClient{Listener: ln, max: n, open: map[string]int{}}
}

type perClient struct {
	net.Listener
	max  int
	mu   sync.Mutex
	open map[string]int
}

// Accept returns the next connection whose client is under its limit.
func (l *perClient) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip := clientIP(c.RemoteAddr())
		l.mu.Lock()
		over := l.open[ip] >= l.max
		if !over {
			l.open[ip]++
		}
		l.mu.Unlock()
		if over {
			_ = c.Close()
			continue
		}
		return &clientConn{Conn: c, l: l, ip: ip}, nil
	}
}

func (l *perClient) release(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[ip]--; l.open[ip] <= 0 {
		delete(l.open, ip)
	}
}

func clientIP(a net.Addr) string {
	if ta, ok := a.(*net.TCPAddr); ok {
		return ta.IP.String()
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// clientConn gives its slot back once, on Close.
type clientConn struct {
	net.Conn
	l    *perClient
	ip   string
	once sync.Once
}

func (c *clientConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.l.release(c.ip) })
	return err
}
