package hookctl_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/internal/cli"
	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/internal/proctest"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/rogpeppe/go-internal/testscript"
)

// transcriptEnv names the directory where every hookctl run in the scripts
// appends what it printed, so TestNoCredentialInOutput can read it all.
const transcriptEnv = "HOOKCTL_TEST_TRANSCRIPT"

func TestMain(m *testing.M) {
	testscript.Main(proctest.NoLeftovers{M: m}, map[string]func(){
		"hookctl": hookctlMain,
	})
}

// hookctlMain runs the CLI as the real binary would, also appending its
// output to the transcript (except `hookctl sandbox`, whose job is to print
// the sandbox's public credentials).
func hookctlMain() {
	dir := os.Getenv(transcriptEnv)
	if dir == "" || (len(os.Args) > 1 && os.Args[1] == "sandbox") {
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	var out, errOut lockedBuffer
	code := cli.Main(os.Args[1:], os.Stdin, io.MultiWriter(os.Stdout, &out), io.MultiWriter(os.Stderr, &errOut))
	f, err := os.CreateTemp(dir, "run-*.txt")
	if err == nil {
		fmt.Fprintf(f, "$ hookctl %s\n%s%s", strings.Join(os.Args[1:], " "), out.String(), errOut.String())
		f.Close()
	}
	os.Exit(code)
}

// lockedBuffer is a transcript buffer that a library goroutine may still
// write to (net/http logs from its own goroutines) while it is read.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestScripts(t *testing.T) {
	transcripts := t.TempDir()
	// The scripts run as parallel subtests; the group returns when all are done.
	t.Run("scripts", func(t *testing.T) {
		testscript.Run(t, testscript.Params{
			Dir:                 "testdata/script",
			RequireExplicitExec: true,
			Setup:               func(env *testscript.Env) error { return setupScript(env, transcripts) },
			Cmds:                scriptCommands,
		})
	})
	t.Run("no credential in any output", func(t *testing.T) {
		checkTranscripts(t, transcripts)
	})
}

// setupScript gives each script its own HOME, config and state, a sandbox
// server of all three dialects (its request log in $WORK/sandbox.log), and a
// callback receiver on loopback ($RECEIVER).
func setupScript(env *testscript.Env, transcripts string) error {
	work := env.WorkDir
	for k, v := range map[string]string{
		"HOME":            work,
		"XDG_CONFIG_HOME": filepath.Join(work, ".config"),
		"XDG_STATE_HOME":  filepath.Join(work, ".state"),
		"XDG_CACHE_HOME":  filepath.Join(work, ".cache"),
		"HOOKCTL_CONFIG":  filepath.Join(work, "config.yaml"),
		"NO_COLOR":        "",
		"HOOKCTL_KEYRING": "off", // no keyring in scripts: secrets stay in the file
		transcriptEnv:     transcripts,
	} {
		env.Setenv(k, v)
	}
	log, err := os.Create(filepath.Join(work, "sandbox.log"))
	if err != nil {
		return err
	}
	sb, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators(), Log: &syncWriter{w: log}, TokenTTL: entrustTTL(env)})
	if err != nil {
		return err
	}
	srv := httptest.NewServer(sb)
	recv := newReceiver(filepath.Join(work, "received.log"))
	env.Defer(func() {
		srv.Close()
		recv.Close()
		sb.Close()
		log.Close()
	})
	env.Setenv("SANDBOX", srv.URL)
	env.Setenv("SANDBOX_HOST", strings.TrimPrefix(srv.URL, "http://")) // 127.0.0.1:PORT
	for _, d := range dialect.All() {
		if d.Sandbox.Emulator != nil {
			env.Setenv(strings.ToUpper(d.Name)+"_URL", d.SandboxValues(srv.URL).Get(spec.KeyBaseURL)) // TRELLO_URL, …
		}
	}
	env.Setenv("RECEIVER", recv.URL)
	env.Setenv("LONG", strings.Repeat("x", 16385)) // one over the description limit
	cfg := config.SandboxConfigYAML(srv.URL, nil)
	return os.WriteFile(filepath.Join(work, "config.yaml"), []byte(cfg), 0o600)
}

// entrustTTL lets a script ask for short-lived Entrust tokens by its name
// (scripts whose name contains "reauth").
func entrustTTL(env *testscript.Env) time.Duration {
	if strings.Contains(env.WorkDir, "reauth") {
		return 1500 * time.Millisecond
	}
	return 0
}

// newReceiver is a callback endpoint: HEAD answers 200 (Trello's check),
// POST bodies are appended to logPath, one line each.
func newReceiver(logPath string) *httptest.Server {
	var mu sync.Mutex
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			f, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
			if err == nil {
				fmt.Fprintf(f, "%s %s %s\n", r.Method, r.URL.Path, bytes.ReplaceAll(body, []byte("\n"), nil))
				f.Close()
			}
			mu.Unlock()
		}
		w.WriteHeader(http.StatusOK)
	}))
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// scriptCommands are the extra commands the scripts use. Other test files
// add theirs in an init function.
var scriptCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// exits CODE PROG ARGS... runs PROG and fails unless it exits with CODE;
	// its stdout and stderr are kept for the next stdout/stderr checks.
	"exits": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 2 {
			ts.Fatalf("usage: exits CODE PROG [ARGS...]")
		}
		want, err := strconv.Atoi(args[0])
		ts.Check(err)
		got := 0
		if err := ts.Exec(args[1], args[2:]...); err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				ts.Fatalf("%s: %v", args[1], err)
			}
			got = ee.ExitCode()
		}
		if got != want {
			ts.Fatalf("%s exited %d, want %d", args[1], got, want)
		}
	},
	// setvar VAR sets VAR to the last command's stdout, trimmed (the
	// scripts' $(...)).
	"setvar": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: setvar VAR")
		}
		ts.Setenv(args[0], strings.TrimSpace(ts.ReadFile("stdout")))
	},
	// checkperm MODE FILE fails unless FILE's permission bits are MODE (octal).
	"checkperm": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: checkperm MODE FILE")
		}
		want, err := strconv.ParseUint(args[0], 8, 32)
		ts.Check(err)
		st, err := os.Stat(ts.MkAbs(args[1]))
		ts.Check(err)
		if got := st.Mode().Perm(); uint64(got) != want {
			ts.Fatalf("%s has mode %#o, want %#o", args[1], got, want)
		}
	},
	// longline FILE N writes FILE: one line of N x's (a stdin no id fits).
	"longline": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: longline FILE N")
		}
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Repeat("x", n)+"\n"), 0o600))
	},
	// mdblocks DOC SECTION PREFIX [OLD=NEW...] writes each ```sh block under
	// the "## SECTION" heading of the markdown file DOC (relative to the
	// repository) to PREFIX1.sh, PREFIX2.sh, …, with each OLD replaced by
	// NEW, so that a scenario runs a guide's recipes as written.
	"mdblocks": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 3 {
			ts.Fatalf("usage: mdblocks DOC SECTION PREFIX [OLD=NEW...]")
		}
		doc, err := os.ReadFile(filepath.Join("..", args[0]))
		ts.Check(err)
		var pairs []string
		for _, kv := range args[3:] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				ts.Fatalf("mdblocks: %q is not OLD=NEW", kv)
			}
			pairs = append(pairs, k, v)
		}
		repl := strings.NewReplacer(pairs...)
		in, block, n := false, []string(nil), 0
		for _, line := range strings.Split(string(doc), "\n") {
			switch {
			case strings.HasPrefix(line, "## "):
				in = strings.TrimPrefix(line, "## ") == args[1]
			case in && block == nil && line == "```sh":
				block = []string{}
			case in && block != nil && line == "```":
				n++
				ts.Check(os.WriteFile(ts.MkAbs(fmt.Sprintf("%s%d.sh", args[2], n)), []byte(repl.Replace(strings.Join(block, "\n")+"\n")), 0o600))
				block = nil
			case block != nil:
				block = append(block, line)
			}
		}
		if n == 0 {
			ts.Fatalf("mdblocks: no sh block under ## %s in %s", args[1], args[0])
		}
	},
	// freeport sets an env var to a free loopback port, for `listen --addr`.
	"freeport": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: freeport VAR")
		}
		ts.Setenv(args[0], fmt.Sprint(freePort(ts)))
	},
	// waitport waits until something listens on 127.0.0.1:PORT.
	"waitport": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: waitport PORT")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		for ctx.Err() == nil {
			c, err := net.Dial("tcp", "127.0.0.1:"+args[0])
			if err == nil {
				c.Close()
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		ts.Fatalf("nothing listens on port %s", args[0])
	},
}

// givenPorts are the ports freeport has handed out in this test process:
// the scripts run in parallel, and a port one script was given and has not
// bound yet is free again for the kernel to give another.
var givenPorts = struct {
	sync.Mutex
	m map[int]bool
}{m: map[int]bool{}}

// freePort returns a loopback port that is free now and that no other
// script of this run was given.
func freePort(ts *testscript.TestScript) int {
	givenPorts.Lock()
	defer givenPorts.Unlock()
	for {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		ts.Check(err)
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if !givenPorts.m[port] {
			givenPorts.m[port] = true
			return port
		}
	}
}
