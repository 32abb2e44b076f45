package hookctl_test

import (
	"bufio"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// echosecret VAR answers every request 422 with a GitHub-shaped error
	// whose message repeats the config.secret of the request body, as a
	// backend that quotes its input does; VAR becomes its root URL.
	scriptCommands["echosecret"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: echosecret VAR")
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var body struct {
				Config struct {
					Secret string `json:"secret"`
				} `json:"config"`
			}
			_ = json.NewDecoder(r.Body).Decode(&body)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnprocessableEntity)
			msg, _ := json.Marshal(map[string]string{"message": "Validation Failed: secret " + body.Config.Secret + " is weak"})
			w.Write(msg)
		}))
		ts.Defer(srv.Close)
		ts.Setenv(args[0], srv.URL)
	}
	// downgrade VAR CERT LOG serves https and plain http on one loopback
	// port: every https request is redirected to the same host and port
	// over plain http, and every plain request that arrives is appended
	// to LOG with whether it carried an Authorization header. CERT gets
	// the server's certificate (for ca-file); VAR becomes its https URL.
	scriptCommands["downgrade"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 3 {
			ts.Fatalf("usage: downgrade VAR CERT LOG")
		}
		logPath := ts.MkAbs(args[2])
		var mu sync.Mutex
		handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.TLS != nil {
				http.Redirect(w, r, "http://"+r.Host+r.URL.RequestURI(), http.StatusFound)
				return
			}
			mu.Lock()
			if f, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err == nil {
				fmt.Fprintf(f, "plain %s %s authorization=%t\n", r.Method, r.URL.Path, r.Header.Get("Authorization") != "")
				f.Close()
			}
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte("[]"))
		})
		raw, err := net.Listen("tcp", "127.0.0.1:0")
		ts.Check(err)
		tlsConns, plainConns := newConnListener(raw.Addr()), newConnListener(raw.Addr())
		go func() {
			for {
				conn, err := raw.Accept()
				if err != nil {
					tlsConns.Close()
					plainConns.Close()
					return
				}
				go func() {
					br := bufio.NewReader(conn)
					first, err := br.Peek(1)
					if err != nil {
						conn.Close()
						return
					}
					pc := &peekedConn{Conn: conn, r: br}
					if first[0] == 0x16 { // a TLS handshake record
						tlsConns.conns <- pc
					} else {
						plainConns.conns <- pc
					}
				}()
			}
		}()
		srv := httptest.NewUnstartedServer(handler)
		srv.Listener.Close()
		srv.Listener = tlsConns
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.StartTLS()
		plain := &http.Server{Handler: handler, ErrorLog: log.New(io.Discard, "", 0)}
		go plain.Serve(plainConns)
		ts.Defer(func() { raw.Close(); srv.Close(); plain.Close() })
		pemData := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), pemData, 0o600))
		ts.Setenv(args[0], "https://"+raw.Addr().String())
	}
}

// connListener is a net.Listener fed with connections accepted elsewhere.
type connListener struct {
	addr  net.Addr
	conns chan net.Conn
	once  sync.Once
	done  chan struct{}
}

func newConnListener(addr net.Addr) *connListener {
	return &connListener{addr: addr, conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *connListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *connListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *connListener) Addr() net.Addr { return l.addr }

// peekedConn reads first what was peeked at.
type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekedConn) Read(p []byte) (int, error) { return c.r.Read(p) }
