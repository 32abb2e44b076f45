package hookctl_test

import (
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// sameset A B fails unless files A and B hold the same non-empty lines,
	// in any order.
	scriptCommands["sameset"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: sameset FILE1 FILE2")
		}
		lines := func(name string) []string {
			var out []string
			for _, l := range strings.Split(ts.ReadFile(name), "\n") {
				if l = strings.TrimSpace(l); l != "" {
					out = append(out, l)
				}
			}
			slices.Sort(out)
			return out
		}
		a, b := lines(args[0]), lines(args[1])
		if same := slices.Equal(a, b); same == neg {
			ts.Fatalf("%s: %q\n%s: %q", args[0], a, args[1], b)
		}
	}
	// conncap PORT N holds N idle connections to 127.0.0.1:PORT and fails
	// unless a request on one more goes unanswered while they are held and
	// is answered once one of them closes.
	scriptCommands["conncap"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: conncap PORT N")
		}
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		held := make([]net.Conn, n)
		for i := range held {
			// From several loopback addresses: one client alone gets
			// only its share of the connections.
			held[i], err = dialFrom(fmt.Sprintf("127.0.0.%d", 2+i/16), "127.0.0.1:"+args[0])
			ts.Check(err)
			defer held[i].Close()
		}
		time.Sleep(200 * time.Millisecond) // let the server accept them
		c, err := net.Dial("tcp", "127.0.0.1:"+args[0])
		ts.Check(err)
		defer c.Close()
		_, err = fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		ts.Check(err)
		buf := make([]byte, 64)
		_ = c.SetReadDeadline(time.Now().Add(700 * time.Millisecond))
		if _, err := c.Read(buf); err == nil {
			ts.Fatalf("request %d was answered while %d connections were held", n+1, n)
		}
		held[0].Close()
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Read(buf); err != nil {
			ts.Fatalf("request %d not answered after one connection closed: %v", n+1, err)
		}
		if !strings.HasPrefix(string(buf), "HTTP/1.1 200") {
			ts.Fatalf("answer %q", buf)
		}
	}
	// hogged PORT N holds N idle connections from one client (127.0.0.9)
	// and fails unless a request from another (127.0.0.10) is still
	// answered: one client cannot take every slot.
	scriptCommands["hogged"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: hogged PORT N")
		}
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		for i := 0; i < n; i++ {
			c, err := dialFrom("127.0.0.9", "127.0.0.1:"+args[0])
			ts.Check(err)
			defer c.Close()
		}
		c, err := dialFrom("127.0.0.10", "127.0.0.1:"+args[0])
		ts.Check(err)
		defer c.Close()
		_, err = fmt.Fprintf(c, "POST /d HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
		ts.Check(err)
		// Far below the 10 s an idle connection is held, and within the
		// 10 s GitHub waits for an answer.
		_ = c.SetReadDeadline(time.Now().Add(8 * time.Second))
		buf := make([]byte, 64)
		if _, err := c.Read(buf); err != nil {
			ts.Fatalf("a delivery from another client was not answered while %d connections were held: %v", n, err)
		}
		if !strings.HasPrefix(string(buf), "HTTP/1.1 200") {
			ts.Fatalf("answer %q", buf)
		}
	}
	// slowbody PORT SECONDS starts a POST to 127.0.0.1:PORT that promises a
	// body and never sends it, and fails unless the server closes the
	// connection within SECONDS.
	scriptCommands["slowbody"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: slowbody PORT SECONDS")
		}
		secs, err := strconv.ParseFloat(args[1], 64)
		ts.Check(err)
		c, err := net.Dial("tcp", "127.0.0.1:"+args[0])
		ts.Check(err)
		defer c.Close()
		start := time.Now()
		_, err = fmt.Fprintf(c, "POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"a\":")
		ts.Check(err)
		_ = c.SetReadDeadline(time.Now().Add(time.Duration(secs * float64(time.Second))))
		buf := make([]byte, 4096)
		for {
			if _, err := c.Read(buf); err != nil {
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					ts.Fatalf("the connection was still open after %s", time.Since(start).Round(time.Millisecond))
				}
				ts.Logf("closed after %s", time.Since(start).Round(time.Millisecond))
				return
			}
		}
	}
}

// dialFrom connects to addr from the local address from (a loopback
// address other than 127.0.0.1 stands for another client).
func dialFrom(from, addr string) (net.Conn, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
	return d.Dial("tcp", addr)
}
