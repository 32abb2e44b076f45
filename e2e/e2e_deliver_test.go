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
