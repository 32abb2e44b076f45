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
			held[i], err = net.Dial("tcp", "127.0.0.1:"+args[0])
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
