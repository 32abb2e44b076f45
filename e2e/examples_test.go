package hookctl_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hookctl/hookctl/internal/cli"
	"github.com/hookctl/hookctl/internal/proctest"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/sandbox"
	sandboxentrust "github.com/hookctl/hookctl/pkg/sandbox/entrust"
	sandboxgithub "github.com/hookctl/hookctl/pkg/sandbox/github"
	sandboxtrello "github.com/hookctl/hookctl/pkg/sandbox/trello"
	"github.com/spf13/cobra"
)

// TestHelpExamples runs every example of every command's help (what
// `hookctl CMD --help`, the man pages and docs/reference show) with a real
// shell, against the sandbox, as a user would paste it on a fresh machine.
//
// The world each example runs in, fresh for each:
//   - a HOME with nothing in it but a config file of the two profiles
//     the examples add or remove by name: work (trello, the default) and
//     old-board; every other example uses a built-in sandbox profile, so
//     that it works as pasted;
//   - the vendors' real hosts (api.trello.com, acme.supportbee.com,
//     acme.us.trustedauth.com, api.github.com) reached through an
//     intercepting HTTPS proxy that serves the sandbox there, and answers
//     200 to any other host (example.com), so that examples run unchanged;
//   - $TRELLO_KEY, $TRELLO_TOKEN, $SUPPORTBEE_TOKEN, $WEBHOOK_TOKEN set to
//     the sandbox's credentials; token.txt and ~/.webhook-token holding
//     the signing secret; webhooks.yaml, the work profile's export;
//   - a webhook in the work profile whose id replaces the examples'
//     5abbe4b7ddc1b351ef961414 and ID; a receiver where 127.0.0.1:8080 and
//     127.0.0.1:3000 were, and a free port for listen's own address (its
//     default 127.0.0.1:8080 too), so that parallel runs do not collide;
//   - for a sandbox-github example of deliveries, a hook with one delivery whose ids
//     replace 12345678 and 93157112; for one that reads deliveries.jsonl,
//     two deliveries recorded by listen, whose address answers again.
//
// An example marked "# on a terminal: …" needs one; in a pipe it must
// fail as a usage error (exit 2) naming the flag that does without.
// An example that starts a server (listen, sandbox, with nothing that
// stops it) passes if it has not failed after serverGrace; any other must
// end by itself, however slow the machine, within exampleLimit.
func TestHelpExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a sandbox per example")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	if _, err := exec.LookPath("hookctl"); err != nil {
		t.Fatalf("hookctl is not on PATH (testscript.Main puts it there): %v", err)
	}
	ca := newTestCA(t)
	n := 0
	walkCommands(cli.NewDocsRoot(), func(c *cobra.Command) {
		for i, ex := range exampleLines(c.Example) {
			n++
			name := fmt.Sprintf("%s/%d", strings.ReplaceAll(c.CommandPath(), " ", "_"), i+1)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				runExample(t, bash, ca, ex)
			})
		}
	})
	if n < 20 {
		t.Fatalf("found only %d examples in the command tree", n)
	}
}

// serverGrace is how long a server example must run without failing.
const serverGrace = 2 * time.Second

// exampleLimit bounds an example that is not a server.
const exampleLimit = 2 * time.Minute

// isServer reports whether an example starts a server, which waits for
// what comes (hookctl listen, hookctl sandbox): by its words, not by how
// long it runs, which the machine's load would decide.
func isServer(line string) bool {
	words := strings.Fields(line)
	for i := 0; i < len(words); i++ {
		if words[i] != "hookctl" {
			continue
		}
		for j := i + 1; j < len(words); j++ {
			w := words[j]
			if !strings.HasPrefix(w, "-") {
				if w == "listen" || w == "sandbox" {
					return true
				}
				break
			}
			if globalValueFlags[w] {
				j++ // the flag's value
			}
		}
	}
	return false
}

// globalValueFlags are the global flags that take a value as the next word.
var globalValueFlags = map[string]bool{"-p": true, "--profile": true, "-o": true, "--output": true, "--config": true,
	"--jq": true, "--template": true, "--timeout": true, "-R": true, "--repo": true, "--org": true, "--group": true, "--vendor-file": true}

// example is one line of a command's Example text.
type example struct {
	line     string
	terminal bool // marked "# on a terminal"
}

var terminalMark = regexp.MustCompile(`\s+#\s*on a terminal\b.*$`)

// exampleLines splits an Example text into its command lines: backslash
// continuations joined, comment lines skipped, a trailing "# on a
// terminal" mark noted and removed.
func exampleLines(text string) []example {
	var out []example
	var cur strings.Builder
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if cur.Len() == 0 && (l == "" || strings.HasPrefix(l, "#")) {
			continue
		}
		if strings.HasSuffix(l, "\\") {
			cur.WriteString(strings.TrimSpace(strings.TrimSuffix(l, "\\")) + " ")
			continue
		}
		cur.WriteString(l)
		ex := example{line: cur.String()}
		if loc := terminalMark.FindStringIndex(ex.line); loc != nil {
			ex.terminal, ex.line = true, ex.line[:loc[0]]
		}
		out = append(out, ex)
		cur.Reset()
	}
	return out
}

func walkCommands(c *cobra.Command, fn func(*cobra.Command)) {
	if c.Hidden || c.Name() == "help" {
		return
	}
	fn(c)
	for _, sub := range c.Commands() {
		walkCommands(sub, fn)
	}
}

func runExample(t *testing.T, bash string, ca *testCA, ex example) {
	w := newExampleWorld(t, ca)
	line := ex.line
	if strings.Contains(line, "-p sandbox-github ") && strings.Contains(line, "12345678") {
		line = w.withGitHubHook(t, line)
	}
	if strings.Contains(line, "deliveries.jsonl") && !strings.Contains(line, "--record") {
		w.recordDelivery(t)
	}
	line = w.substitute(line)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, bash, "-o", "pipefail", "-c", line)
	cmd.Dir = w.dir
	cmd.Env = w.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Stdin = strings.NewReader("")
	cmd.WaitDelay = time.Second
	// The example's shell and everything it starts (a pipeline, a server)
	// are one process group, stopped together: killing the shell alone
	// left a `hookctl sandbox` running.
	proctest.KillGroupOnCancel(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	grace := exampleLimit
	if isServer(line) || ex.terminal {
		grace = serverGrace
	}
	var runErr error
	select {
	case runErr = <-done:
	case <-time.After(grace):
		if !isServer(line) && !ex.terminal {
			cancel()
			<-done
			t.Fatalf("%s\ndid not end within %s; stderr:\n%s", line, exampleLimit, stderr.String())
		}
		cancel()
		<-done
		if ex.terminal {
			t.Fatalf("%s\nkept running in a pipe; stderr:\n%s", line, stderr.String())
		}
		if strings.Contains(stderr.String(), "hookctl: ") && !strings.Contains(stderr.String(), "listening") {
			t.Fatalf("%s\nserver reported an error:\n%s", line, stderr.String())
		}
		return
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(runErr, &ee) {
		code = ee.ExitCode()
	} else if runErr != nil {
		t.Fatal(runErr)
	}
	switch {
	case ex.terminal:
		if code != 2 || !regexp.MustCompile(`--[a-z]|pass |terminal`).MatchString(stderr.String()) {
			t.Fatalf("%s\nin a pipe: exit %d (want 2, naming the flag to pass)\nstdout:\n%s\nstderr:\n%s", line, code, stdout.String(), stderr.String())
		}
	case code != 0:
		t.Fatalf("%s\nexit %d\nstdout:\n%s\nstderr:\n%s", line, code, stdout.String(), stderr.String())
	}
}

// exampleWorld is the fresh machine one example runs on.
type exampleWorld struct {
	dir  string
	env  []string
	recv string // the receiver's root URL
	subs *strings.Replacer
}

func newExampleWorld(t *testing.T, ca *testCA) *exampleWorld {
	dir := t.TempDir()
	sb, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	proxy := httptest.NewServer(&vendorProxy{ca: ca, sandbox: sb})
	t.Cleanup(proxy.Close)
	recv := newReceiver(filepath.Join(dir, "received.log"))
	t.Cleanup(recv.Close)

	home := filepath.Join(dir, "home")
	cfgDir := filepath.Join(home, ".config", "hookctl")
	if err := os.MkdirAll(cfgDir, 0o700); err != nil {
		t.Fatal(err)
	}
	const trello = "    dialect: trello\n    key: " + sandboxtrello.Key + "\n    token: " + sandboxtrello.Token + "\n"
	cfg := "profile: work\nprofiles:\n" +
		"  work:\n" + trello + "    secret: sandbox-secret\n" +
		"  old-board:\n" + trello
	if err := os.WriteFile(filepath.Join(cfgDir, "config.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{filepath.Join(home, ".webhook-token"), filepath.Join(dir, "token.txt")} {
		if err := os.WriteFile(f, []byte("sandbox-secret\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".local", "state"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"HOOKCTL_KEYRING=off",
		"HTTPS_PROXY=" + proxy.URL,
		"SSL_CERT_FILE=" + ca.file,
		"TRELLO_KEY=" + sandboxtrello.Key,
		"TRELLO_TOKEN=" + sandboxtrello.Token,
		"SUPPORTBEE_TOKEN=" + supportbeeSandbox().Sandbox.Values.Get("auth-token"),
		"WEBHOOK_TOKEN=sandbox-secret",
	}
	w := &exampleWorld{dir: dir, env: env, recv: recv.URL}
	id := strings.TrimSpace(w.hookctl(t, "create", "--url", recv.URL+"/seed", "--model", "4d5ea62fd76aa1136000000c", "--description", "seed", "-q"))
	if len(id) != 24 {
		t.Fatalf("seed webhook id %q", id)
	}
	yaml := w.hookctl(t, "export")
	if err := os.WriteFile(filepath.Join(dir, "webhooks.yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	w.subs = strings.NewReplacer(
		"5abbe4b7ddc1b351ef961414", id,
		" ID ", " "+id+" ",
		"127.0.0.1:8080", strings.TrimPrefix(recv.URL, "http://"),
		"127.0.0.1:3000", strings.TrimPrefix(recv.URL, "http://"),
		"127.0.0.1:8900", "127.0.0.1:"+freeLoopbackPort(t),
	)
	return w
}

// substitute puts the world's ids and ports into an example.
func (w *exampleWorld) substitute(line string) string {
	switch {
	case strings.Contains(line, "--addr 127.0.0.1:8080"):
		// listen's own address: a free port, not the receiver's.
		line = strings.Replace(line, "--addr 127.0.0.1:8080", "--addr 127.0.0.1:"+freePortFor(line), 1)
	case strings.Contains(line, " listen") && !strings.Contains(line, "--addr"):
		// listen's default, 127.0.0.1:8080, may be taken on a shared machine.
		line = strings.Replace(line, " listen", " listen --addr 127.0.0.1:"+freePortFor(line), 1)
	}
	return strings.TrimSuffix(w.subs.Replace(line+" "), " ")
}

// freePortFor is a free loopback port (line only names the use).
func freePortFor(string) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "0"
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}

func freeLoopbackPort(t *testing.T) string {
	t.Helper()
	return freePortFor("")
}

// withGitHubHook makes a hook in the sandbox-github profile with one delivery (a ping)
// and puts their ids where line has the examples' 12345678 and 93157112.
func (w *exampleWorld) withGitHubHook(t *testing.T, line string) string {
	id := strings.TrimSpace(w.hookctl(t, "-p", "sandbox-github", "create", "--url", w.recv+"/gh", "-q"))
	w.hookctl(t, "-p", "sandbox-github", "test", id)
	did := strings.TrimSpace(w.hookctl(t, "-p", "sandbox-github", "deliveries", id, "--limit", "1", "-q"))
	if id == "" || did == "" {
		t.Fatalf("github hook %q, delivery %q", id, did)
	}
	return strings.NewReplacer("12345678", id, "93157112", did).Replace(line)
}

// recordDelivery leaves deliveries.jsonl in the world: two signed trello
// deliveries recorded by listen.
func (w *exampleWorld) recordDelivery(t *testing.T) {
	port := freePortFor("")
	listen := exec.Command("hookctl", "listen", "--addr", "127.0.0.1:"+port, "--count", "2", "--timeout", "30s", "--record", "deliveries.jsonl")
	listen.Dir, listen.Env = w.dir, w.env
	var stderr bytes.Buffer
	listen.Stderr = &stderr
	if err := listen.Start(); err != nil {
		t.Fatal(err)
	}
	defer listen.Process.Kill()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", "127.0.0.1:"+port)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("listen did not start: %s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	w.hookctl(t, "trigger", "createCard", "--url", "http://127.0.0.1:"+port+"/hook")
	w.hookctl(t, "trigger", "commentCard", "--url", "http://127.0.0.1:"+port+"/hook")
	if err := listen.Wait(); err != nil {
		t.Fatalf("recording a delivery: %v\n%s", err, stderr.String())
	}
	// The recorded deliveries' own address answers again, as the user's
	// app would, for a replay without --to.
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

// hookctl runs hookctl in the world and returns its stdout.
func (w *exampleWorld) hookctl(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("hookctl", args...)
	cmd.Dir, cmd.Env = w.dir, w.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("setting up: hookctl %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// vendorProxy is an HTTPS proxy that intercepts CONNECT to the vendors'
// hosts and serves the sandbox there, so that a profile with the vendor's
// real base URL talks to the sandbox.
type vendorProxy struct {
	ca      *testCA
	sandbox http.Handler
}

func (p *vendorProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect {
		http.Error(w, "this proxy only tunnels", http.StatusMethodNotAllowed)
		return
	}
	host, _, _ := net.SplitHostPort(r.Host)
	prefix := vendorPrefix(host)
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "no hijack", http.StatusInternalServerError)
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
	tconn := tls.Server(conn, &tls.Config{Certificates: []tls.Certificate{p.ca.leaf(host)}})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if prefix == "" {
			// Any other host (example.com, a callback) is a receiver that
			// takes every delivery.
			io.Copy(io.Discard, r.Body)
			w.WriteHeader(http.StatusOK)
			return
		}
		r.URL.Path = prefix + r.URL.Path
		r.URL.RawPath = ""
		p.sandbox.ServeHTTP(w, r)
	}), ReadHeaderTimeout: 5 * time.Second}
	srv.Serve(&oneConnListener{conn: tconn})
}

// vendorPrefix is the sandbox path of a vendor's host, "" for other hosts
// (which the proxy answers as a receiver: 200 to everything).
func vendorPrefix(host string) string {
	switch {
	case host == "api.trello.com":
		return strings.TrimSuffix(sandboxtrello.Emulator{}.Prefix(), "/1")
	case strings.HasSuffix(host, ".supportbee.com"):
		return supportbeeSandbox().Sandbox.Emulator.Prefix()
	case strings.HasSuffix(host, ".trustedauth.com"):
		return sandboxentrust.Emulator{}.Prefix()
	case host == "api.github.com":
		return sandboxgithub.Prefix
	}
	return ""
}

// oneConnListener serves one connection, then reports itself closed once
// that connection is done.
type oneConnListener struct {
	mu   sync.Mutex
	conn net.Conn
	done chan struct{}
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	if l.done == nil {
		l.done = make(chan struct{})
	}
	c, done := l.conn, l.done
	l.conn = nil
	l.mu.Unlock()
	if c != nil {
		return &notifyConn{Conn: c, done: done}, nil
	}
	<-done
	return nil, net.ErrClosed
}

func (l *oneConnListener) Close() error   { return nil }
func (l *oneConnListener) Addr() net.Addr { return &net.TCPAddr{} }

type notifyConn struct {
	net.Conn
	once sync.Once
	done chan struct{}
}

func (c *notifyConn) Close() error {
	c.once.Do(func() { close(c.done) })
	return c.Conn.Close()
}

// testCA signs certificates for the intercepted hosts; its certificate is
// the only root hookctl trusts in the examples (SSL_CERT_FILE).
type testCA struct {
	cert  *x509.Certificate
	key   *ecdsa.PrivateKey
	file  string
	mu    sync.Mutex
	cache map[string]tls.Certificate
}

func newTestCA(t *testing.T) *testCA {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "hookctl examples CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	file := filepath.Join(t.TempDir(), "ca.pem")
	var b bytes.Buffer
	pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return &testCA{cert: cert, key: key, file: file, cache: map[string]tls.Certificate{}}
}

func (ca *testCA) leaf(host string) tls.Certificate {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	if c, ok := ca.cache[host]; ok {
		return c
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: host},
		DNSNames: []string{host}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	c := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	ca.cache[host] = c
	return c
}

// TestExampleLines checks the example splitter the test above relies on.
func TestExampleLines(t *testing.T) {
	got := exampleLines("  # a comment\n  hookctl a \\\n    --b c\n\n  hookctl d   # on a terminal: asks\n  x=$(hookctl e) # keep")
	want := []example{{line: "hookctl a --b c"}, {line: "hookctl d", terminal: true}, {line: "x=$(hookctl e) # keep"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("exampleLines = %+v, want %+v", got, want)
	}
}

// supportbeeSandbox is SupportBee's descriptor, with its sandbox profile.
func supportbeeSandbox() *spec.Descriptor {
	d, _ := dialect.Lookup("supportbee")
	return d
}

func TestIsServer(t *testing.T) {
	for line, want := range map[string]bool{
		"hookctl -p sandbox-stripe list": false, "hookctl -p sandbox list": false, "hookctl sandbox --addr 127.0.0.1:0": true,
		"hookctl -p sandbox-github listen --register": true, "printf x | hookctl -p gh listen --addr 1": true,
		"hookctl --config sandbox.yaml list": false, "hookctl --jq .id list": false,
	} {
		if got := isServer(line); got != want {
			t.Errorf("isServer(%q) = %v", line, got)
		}
	}
}
