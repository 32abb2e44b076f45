package hookctl_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// answers VAR LOG STATUS[:RETRY-AFTER][@SECONDS]... answers its
	// requests with the given statuses in turn (the last one for every
	// request after), each with its Retry-After and after a delay when
	// given; a 200 is an empty JSON list. Each request's method and path
	// are appended to LOG. VAR becomes its root URL.
	scriptCommands["answers"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 3 {
			ts.Fatalf("usage: answers VAR LOG STATUS[:RETRY-AFTER][@SECONDS]...")
		}
		type answer struct {
			status     int
			retryAfter string
			delay      time.Duration
		}
		var plan []answer
		for _, a := range args[2:] {
			a, delay, _ := strings.Cut(a, "@")
			st, ra, _ := strings.Cut(a, ":")
			n, err := strconv.Atoi(st)
			ts.Check(err)
			ans := answer{status: n, retryAfter: ra}
			if delay != "" {
				secs, err := strconv.ParseFloat(delay, 64)
				ts.Check(err)
				ans.delay = time.Duration(secs * float64(time.Second))
			}
			plan = append(plan, ans)
		}
		logPath := ts.MkAbs(args[1])
		var mu sync.Mutex
		hits := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			a := plan[min(hits, len(plan)-1)]
			hits++
			if f, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err == nil {
				fmt.Fprintf(f, "%s %s\n", r.Method, r.URL.Path)
				f.Close()
			}
			mu.Unlock()
			select {
			case <-time.After(a.delay):
			case <-r.Context().Done():
				return
			}
			if a.retryAfter != "" {
				w.Header().Set("Retry-After", a.retryAfter)
			}
			if a.status == http.StatusOK {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusOK)
				w.Write([]byte("[]"))
				return
			}
			w.WriteHeader(a.status)
		}))
		ts.Defer(srv.Close)
		ts.Setenv(args[0], srv.URL)
	}
	// headbody VAR is a callback that answers HEAD with a body (which HTTP
	// forbids) and POST with 200; VAR becomes its root URL.
	scriptCommands["headbody"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: headbody VAR")
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		ts.Check(err)
		ts.Defer(func() { ln.Close() })
		go func() {
			for {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				go func() {
					defer conn.Close()
					br := bufio.NewReader(conn)
					for {
						req, err := http.ReadRequest(br)
						if err != nil {
							return
						}
						_, _ = io_discard(req)
						if req.Method == http.MethodHead {
							conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nthis is a HEAD body\n"))
							continue
						}
						conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
					}
				}()
			}
		}()
		ts.Setenv(args[0], "http://"+ln.Addr().String())
	}
}

func io_discard(req *http.Request) (int64, error) {
	defer req.Body.Close()
	var n int64
	buf := make([]byte, 4096)
	for {
		m, err := req.Body.Read(buf)
		n += int64(m)
		if err != nil {
			return n, nil
		}
	}
}
