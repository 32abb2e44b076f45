package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/config"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// completionEnv is a temporary HOME with a config file holding cfg.
func completionEnv(t *testing.T, cfg string) func(string) string {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{
		"HOME":            dir,
		"XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"XDG_CACHE_HOME":  filepath.Join(dir, "cache"),
		"XDG_STATE_HOME":  filepath.Join(dir, "state"),
		"HOOKCTL_CONFIG":  filepath.Join(dir, "config.yaml"),
	}
	if err := os.WriteFile(env["HOOKCTL_CONFIG"], []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return func(k string) string { return env[k] }
}

// runComplete runs hookctl with args and returns its stdout, stderr and exit
// code. On the __complete path the keyring store fails the test if asked.
func runComplete(t *testing.T, getenv func(string) string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	f := &Factory{
		IO:       NewIOStreams(strings.NewReader(""), &out, &errOut, getenv),
		Getenv:   getenv,
		Opts:     &GlobalOptions{},
		Redactor: httpx.NewRedactor(),
	}
	if strings.HasPrefix(args[0], "__complete") {
		f.Secrets = func() config.SecretStore {
			t.Errorf("hookctl %s: the keyring was consulted", strings.Join(args, " "))
			return nil
		}
	}
	code := Run(context.Background(), f, args)
	return out.String(), errOut.String(), code
}

func TestCompleteIDsLiveThenCached(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(func() { srv.Close(); sb.Close() })
	getenv := completionEnv(t, "profile: work\n"+strings.ReplaceAll(sandbox.ProfilesYAML(srv.URL, []string{sandbox.Trello}), "sandbox-trello", "work"))

	out, _, code := runComplete(t, getenv, "create", "--url", "https://example.com/x", "--model", "4d5ea62fd76aa1136000000c", "-q")
	if code != 0 {
		t.Fatalf("create exited %d", code)
	}
	id := strings.TrimSpace(out)

	out, errOut, code := runComplete(t, getenv, "__complete", "get", "")
	if code != 0 {
		t.Fatalf("__complete exited %d: %s", code, errOut)
	}
	if want := id + "\thttps://example.com/x\n:4\n"; out != want {
		t.Errorf("stdout = %q, want %q", out, want)
	}
	if strings.Contains(errOut, "hookctl:") {
		t.Errorf("stderr has a notice: %q", errOut)
	}
	if _, err := os.Stat(filepath.Join(getenv("XDG_CACHE_HOME"), "hookctl", "ids-work.json")); err != nil {
		t.Errorf("the live lookup did not fill the cache: %v", err)
	}

	// The cache answers even when the backend is gone.
	srv.Close()
	out, _, _ = runComplete(t, getenv, "__complete", "get", "")
	if !strings.HasPrefix(out, id+"\t") {
		t.Errorf("with the backend gone, stdout = %q, want the cached id", out)
	}
}

func TestCompleteGivesUpOnHungBackend(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	getenv := completionEnv(t, "profile: hung\nprofiles:\n  hung:\n    dialect: trello\n    base-url: "+srv.URL+"\n    key: k\n    token: t\n")

	start := time.Now()
	out, errOut, _ := runComplete(t, getenv, "__complete", "get", "")
	took := time.Since(start)
	if out != ":4\n" {
		t.Errorf("stdout = %q, want only the directive", out)
	}
	if strings.Contains(errOut, "hookctl:") {
		t.Errorf("stderr has a message: %q", errOut)
	}
	if took > liveLookupDeadline+time.Second {
		t.Errorf("completion took %v against a hung backend; the deadline is %v", took, liveLookupDeadline)
	}
}

func TestCompleteOutsideCompletionUsesKeyring(t *testing.T) {
	// The guard is specific to __complete: an ordinary command still asks
	// the store (here: a profile with no token in the file).
	getenv := completionEnv(t, "profile: work\nprofiles:\n  work:\n    dialect: trello\n    base-url: http://127.0.0.1:9/1\n    key: k\n")
	asked := false
	f := &Factory{
		IO:       NewIOStreams(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, getenv),
		Getenv:   getenv,
		Opts:     &GlobalOptions{},
		Redactor: httpx.NewRedactor(),
		Secrets:  func() config.SecretStore { asked = true; return nil },
	}
	if _, err := f.Profile(); err != nil {
		t.Fatal(err)
	}
	if !asked {
		t.Error("Profile did not consult the secret store outside completion")
	}
}

func TestIDCacheFreshness(t *testing.T) {
	getenv := completionEnv(t, "profile: sandbox\n")
	f := &Factory{IO: NewIOStreams(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, getenv), Getenv: getenv, Opts: &GlobalOptions{}, Redactor: httpx.NewRedactor()}
	p, err := f.Profile()
	if err != nil {
		t.Fatal(err)
	}
	f.rememberIDs([]webhook.Webhook{{ID: "a", URL: "https://example.com/a"}})

	now := time.Now()
	if ids, ok := f.cachedIDs(p, now); !ok || len(ids) != 1 || ids[0].ID != "a" {
		t.Fatalf("fresh cache: got %v, %v", ids, ok)
	}
	if _, ok := f.cachedIDs(p, now.Add(idCacheTTL+time.Second)); ok {
		t.Error("a cache older than the TTL still answered")
	}
	other := p
	other.BaseURL = "https://elsewhere.example.com"
	if _, ok := f.cachedIDs(other, now); ok {
		t.Error("a cache written for another backend answered")
	}
	st, err := os.Stat(f.idCachePath(p.Name))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("cache file mode %v, want 0600", st.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(f.idCachePath(p.Name)), ".ids-*")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	f.forgetIDs()
	if _, ok := f.cachedIDs(p, now); ok {
		t.Error("forgetIDs left the cache in place")
	}
}
