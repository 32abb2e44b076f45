package hookctl_test

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// setvars VAR... sets each VAR to the next word of the last command's
	// stdout (e.g. an id and a token printed with --template).
	scriptCommands["setvars"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) == 0 {
			ts.Fatalf("usage: setvars VAR...")
		}
		words := strings.Fields(ts.ReadFile("stdout"))
		if len(words) != len(args) {
			ts.Fatalf("setvars: stdout has %d words, want %d", len(words), len(args))
		}
		for i, name := range args {
			ts.Setenv(name, words[i])
		}
	}
}

func init() {
	// stopwith SIGNAL CODE hookctl ARGS... runs hookctl until it says it
	// listens, sends it SIGNAL (INT or TERM) and fails unless it exits
	// with CODE; its stderr becomes the script's.
	scriptCommands["stopwith"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 3 {
			ts.Fatalf("usage: stopwith INT|TERM CODE PROG [ARGS...]")
		}
		sig := map[string]os.Signal{"INT": os.Interrupt, "TERM": syscall.SIGTERM}[args[0]]
		want, err := strconv.Atoi(args[1])
		if sig == nil || err != nil {
			ts.Fatalf("usage: stopwith INT|TERM CODE PROG [ARGS...]")
		}
		prog := ""
		for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
			if p := filepath.Join(dir, args[2]); fileExists(p) {
				prog = p
				break
			}
		}
		if prog == "" {
			ts.Fatalf("%s not found", args[2])
		}
		cmd := exec.Command(prog, args[3:]...)
		cmd.Dir = ts.Getenv("WORK")
		for _, k := range []string{"PATH", "HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "HOOKCTL_CONFIG", "HOOKCTL_PROFILE", "HOOKCTL_WEBHOOK_SECRET", "TMPDIR"} {
			if v := ts.Getenv(k); v != "" {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
		}
		stderr, err := cmd.StderrPipe()
		ts.Check(err)
		ts.Check(cmd.Start())
		var errOut strings.Builder
		sc := bufio.NewScanner(stderr)
		signalled := false
		for sc.Scan() {
			errOut.WriteString(sc.Text() + "\n")
			if !signalled && strings.Contains(sc.Text(), "listening") {
				ts.Check(cmd.Process.Signal(sig))
				signalled = true
			}
		}
		err = cmd.Wait()
		got := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			got = ee.ExitCode()
		}
		ts.Check(os.WriteFile(filepath.Join(ts.Getenv("WORK"), ".stopwith-stderr"), []byte(errOut.String()), 0o600))
		ts.Logf("stderr:\n%s", errOut.String())
		if !signalled || got != want {
			ts.Fatalf("%s exited %d, want %d (signalled: %v)", args[2], got, want, signalled)
		}
	}
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

func init() {
	// post URL FILE [NAME:VALUE]... sends FILE's bytes as a POST to URL
	// with those headers ("Host:NAME" sets the Host header) and prints
	// the answer's status line and body on stdout.
	scriptCommands["post"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 2 {
			ts.Fatalf("usage: post URL FILE [NAME:VALUE]...")
		}
		body := ts.ReadFile(args[1])
		req, err := http.NewRequest(http.MethodPost, args[0], strings.NewReader(body))
		ts.Check(err)
		for _, hv := range args[2:] {
			k, v, ok := strings.Cut(hv, ":")
			if !ok {
				ts.Fatalf("header %q is not NAME:VALUE", hv)
			}
			if strings.EqualFold(k, "Host") {
				req.Host = v
				continue
			}
			req.Header[k] = append(req.Header[k], v) // as spelt
		}
		resp, err := http.DefaultClient.Do(req)
		ts.Check(err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		fmt.Fprintf(ts.Stdout(), "%s\n%s\n", resp.Status, b)
	}
}

func init() {
	// appserver VAR starts a local app on loopback and sets $VAR to its
	// URL ($VAR_HOST: its HOST:PORT). It keeps each request it gets, in order, as $WORK/VAR/N.body
	// (the body's bytes) and $WORK/VAR/N.head ("METHOD URI", "Host: H",
	// then each header value as "Name: value", sorted). A path ending in
	// /fail is answered 500 "the app failed" (and a second line), any
	// other 200 "ok".
	scriptCommands["appserver"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: appserver VAR")
		}
		dir := filepath.Join(ts.Getenv("WORK"), args[0])
		ts.Check(os.MkdirAll(dir, 0o700))
		var mu sync.Mutex
		n := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			head := []string{r.Method + " " + r.RequestURI, "Host: " + r.Host}
			var hs []string
			for k, vs := range r.Header {
				for _, v := range vs {
					hs = append(hs, k+": "+v)
				}
			}
			sort.Strings(hs)
			head = append(head, hs...)
			mu.Lock()
			n++
			base := filepath.Join(dir, strconv.Itoa(n))
			_ = os.WriteFile(base+".body", body, 0o600)
			_ = os.WriteFile(base+".head", []byte(strings.Join(head, "\n")+"\n"), 0o600)
			mu.Unlock()
			if strings.HasSuffix(r.URL.Path, "/fail") {
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = io.WriteString(w, "the app failed\nat line 2\n")
				return
			}
			_, _ = io.WriteString(w, "ok")
		}))
		ts.Defer(srv.Close)
		ts.Setenv(args[0], srv.URL)
		ts.Setenv(args[0]+"_HOST", strings.TrimPrefix(srv.URL, "http://"))
	}

	// hexfile FILE HEX writes the bytes HEX spells to FILE (binary bodies
	// a txtar cannot hold).
	scriptCommands["hexfile"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: hexfile FILE HEX")
		}
		b, err := hex.DecodeString(args[1])
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o600))
	}
}
