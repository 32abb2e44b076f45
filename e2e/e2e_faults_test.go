package hookctl_test

import (
	"bufio"
	"bytes"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/rogpeppe/go-internal/testscript"
)

// proxyPassword is the password of the proxy the scripts use; the
// transcript check makes sure no run ever prints it.
const proxyPassword = "proxy-pass-4321"

func init() {
	// badserver VAR KIND serves one kind of bad answer to every request and
	// sets VAR to its root URL. Kinds: html500, html200, truncated, empty,
	// huge (20 MiB), wrongtype, binary, hang (no answer).
	scriptCommands["badserver"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: badserver VAR KIND")
		}
		status, ctype, body := 200, "application/json", []byte(nil)
		html := []byte("<!DOCTYPE html>\n<html><body>\n<h1>Internal Server Error</h1>\n<pre>at com.example.Api.handle(Api.java:42)\n</pre></body></html>\n")
		switch args[1] {
		case "html500":
			status, ctype, body = 500, "text/html", html
		case "html200":
			ctype, body = "text/html", html
		case "truncated":
			body = []byte(`[{"id":"5abbe4b7ddc1b351ef961414","callbackURL":"https://exa`)
		case "empty":
		case "huge":
			body = bytes.Repeat([]byte(`{"id":"5abbe4b7ddc1b351ef961414"},`), (20<<20)/34)
		case "wrongtype":
			ctype, body = "application/xml", []byte(`<?xml version="1.0"?><webhooks/>`)
		case "hang":
			// answers nothing until the client gives up (or 10 s)
		case "binary":
			ctype, body = "application/octet-stream", []byte("\x00\x1b[2J\x1b]0;pwned\x07\xff")
		default:
			ts.Fatalf("badserver: unknown kind %q", args[1])
		}
		kind := args[1]
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if kind == "hang" {
				select {
				case <-r.Context().Done():
				case <-time.After(10 * time.Second):
				}
				return
			}
			w.Header().Set("Content-Type", ctype)
			w.WriteHeader(status)
			w.Write(body)
		}))
		ts.Defer(srv.Close)
		ts.Setenv(args[0], srv.URL)
	}
	// connectproxy VAR LOG starts a proxy that records each request line in
	// the file LOG and refuses it (403); VAR becomes its URL, with a user and
	// password (proxyPassword).
	scriptCommands["connectproxy"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: connectproxy VAR LOG")
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		ts.Check(err)
		ts.Defer(func() { ln.Close() })
		logPath := ts.MkAbs(args[1])
		go func() {
			for {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				go func() {
					defer conn.Close()
					req, err := http.ReadRequest(bufio.NewReader(conn))
					if err != nil {
						return
					}
					if f, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err == nil {
						fmt.Fprintf(f, "%s %s\n", req.Method, req.Host)
						f.Close()
					}
					conn.Write([]byte("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
				}()
			}
		}()
		ts.Setenv(args[0], "http://proxyuser:"+proxyPassword+"@"+ln.Addr().String())
	}
	// tlssandbox VAR CERT serves the sandbox over HTTPS with a certificate
	// no system trusts, saving it as PEM in CERT (for ca-file); VAR becomes
	// the server's root URL.
	scriptCommands["tlssandbox"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: tlssandbox VAR CERT")
		}
		sb, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators()})
		ts.Check(err)
		srv := httptest.NewUnstartedServer(sb)
		srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
		srv.StartTLS()
		ts.Defer(func() { srv.Close(); sb.Close() })
		pemData := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), pemData, 0o600))
		ts.Setenv(args[0], srv.URL)
	}
}

// Ctrl-C during a slow request: exit 130 at once, one line, nothing on
// stdout.
func TestInterruptDuringSlowRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildHookctl(t)
	sb, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators(), Latency: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	defer srv.Close()
	cfgPath := filepath.Join(t.TempDir(), "cfgPath.yaml")
	if err := os.WriteFile(cfgPath, []byte(config.SandboxConfigYAML(srv.URL, nil)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"list"},
		{"create", "--url", "https://example.com/hook", "--model", "4d5ea62fd76aa1136000000c"},
		{"-p", "local-entrust", "list"},
	} {
		r := newRunner(t, bin, cfgPath)
		cmd := exec.Command(r.bin, args...)
		cmd.Env = r.env
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(700 * time.Millisecond)
		sent := time.Now()
		cmd.Process.Signal(syscall.SIGINT)
		err := cmd.Wait()
		took := time.Since(sent)
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 130 {
			t.Errorf("%v: %v, want exit 130 (stderr %q)", args, err, errOut.String())
		}
		if took > 3*time.Second {
			t.Errorf("%v: exited %s after the signal", args, took)
		}
		if got := strings.TrimSpace(errOut.String()); got != "hookctl: interrupted" {
			t.Errorf("%v: stderr %q, want the one line \"hookctl: interrupted\"", args, got)
		}
		if out.Len() != 0 {
			t.Errorf("%v: stdout %q after an interrupt", args, out.String())
		}
	}
}
