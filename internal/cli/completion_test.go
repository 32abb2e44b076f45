package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/dialect"
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
	sb, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(func() { srv.Close(); sb.Close() })
	getenv := completionEnv(t, "profile: work\n"+strings.ReplaceAll(config.SandboxProfilesYAML(srv.URL, []string{"trello"}), "local-trello", "work"))

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

// cacheFactory is a Factory on the built-in sandbox profile in a temporary
// HOME, and that profile.
func cacheFactory(t testing.TB) (*Factory, config.Profile) {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{
		"HOME":           dir,
		"XDG_CACHE_HOME": filepath.Join(dir, "cache"),
		"XDG_STATE_HOME": filepath.Join(dir, "state"),
		"HOOKCTL_CONFIG": filepath.Join(dir, "config.yaml"),
	}
	if err := os.WriteFile(env["HOOKCTL_CONFIG"], []byte("profile: sandbox\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string { return env[k] }
	f := &Factory{IO: NewIOStreams(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, getenv), Getenv: getenv, Opts: &GlobalOptions{}, Redactor: httpx.NewRedactor()}
	p, err := f.Profile()
	if err != nil {
		t.Fatal(err)
	}
	return f, p
}

// cachedCandidates is what a warm TAB offers from the cache.
func cachedCandidates(f *Factory, p config.Profile, now time.Time, prefix string, given ...string) ([]string, bool) {
	r, file, ok := f.cachedIDs(p, now)
	if !ok {
		return nil, false
	}
	defer file.Close()
	m := newIDMatcher(prefix, given, maxIDCandidates)
	m.scan(r)
	return m.result(), true
}

func TestIDCacheFreshness(t *testing.T) {
	f, p := cacheFactory(t)
	f.rememberIDs([]webhook.Webhook{{ID: "a", URL: "https://example.com/a"}})

	now := time.Now()
	if got, ok := cachedCandidates(f, p, now, ""); !ok || len(got) != 1 || got[0] != "a\thttps://example.com/a" {
		t.Fatalf("fresh cache: got %q, %v", got, ok)
	}
	if _, ok := cachedCandidates(f, p, now.Add(idCacheTTL+time.Second), ""); ok {
		t.Error("a cache older than the TTL still answered")
	}
	if _, ok := cachedCandidates(f, p, now.Add(-time.Minute), ""); ok {
		t.Error("a cache saved in the future answered")
	}
	other := p
	other.BaseURL = "https://elsewhere.example.com"
	if _, ok := cachedCandidates(f, other, now, ""); ok {
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
	if _, ok := cachedCandidates(f, p, now, ""); ok {
		t.Error("forgetIDs left the cache in place")
	}
}

func TestIDCacheFormat(t *testing.T) {
	f, p := cacheFactory(t)
	f.rememberIDs([]webhook.Webhook{
		{ID: "a1", URL: "https://example.com/a\tb\nc\rd"},
		{ID: "bad\tid", URL: "https://example.com/x"},
		{ID: "", URL: "https://example.com/empty"},
		{ID: "b2"},
	})
	b, err := os.ReadFile(f.idCachePath(p.Name))
	if err != nil {
		t.Fatal(err)
	}
	head, body, _ := strings.Cut(string(b), "\n")
	if !strings.HasPrefix(head, idCacheMagic) || !strings.HasSuffix(head, " "+strconv.Quote(f.idSource(p))) {
		t.Errorf("header = %q", head)
	}
	// Control characters are escaped, as everywhere text from a backend is shown.
	if want := "a1\thttps://example.com/a\\tb\\nc\\rd\nb2\t\n"; body != want {
		t.Errorf("body = %q, want %q", body, want)
	}
	got, ok := cachedCandidates(f, p, time.Now(), "")
	if want := []string{"a1\thttps://example.com/a\\tb\\nc\\rd", "b2\t"}; !ok || !slices.Equal(got, want) {
		t.Errorf("candidates = %q, %v; want %q", got, ok, want)
	}

	// A cache in the former JSON format, or cut short, is a miss.
	for _, old := range []string{`{"source":"x","saved":"2026-01-01T00:00:00Z","ids":[]}`, idCacheMagic + "12", ""} {
		if err := os.WriteFile(f.idCachePath(p.Name), []byte(old), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, ok := cachedCandidates(f, p, time.Now(), ""); ok {
			t.Errorf("cache %q answered", old)
		}
	}
}

func TestIDMatcher(t *testing.T) {
	body := []byte("abc1\thttps://e/1\nabd2\thttps://e/2\nxyz\t\nabc3\n")
	m := newIDMatcher("ab", []string{"abd2"}, 10)
	m.scan(bufio.NewReader(bytes.NewReader(body)))
	if got, want := m.result(), []string{"abc1\thttps://e/1", "abc3\t"}; !slices.Equal(got, want) {
		t.Errorf("prefix ab, abd2 given: %q, want %q", got, want)
	}

	// Capped: the smallest and the largest match are among the candidates,
	// so their common prefix is that of all the matches.
	var sb strings.Builder
	for i := 500; i < 3000; i++ {
		fmt.Fprintf(&sb, "id%04d\thttps://e/%d\n", i, i)
	}
	sb.WriteString("id0007\thttps://e/min\nid9999\thttps://e/max\n")
	m = newIDMatcher("id", nil, 100)
	m.scan(bufio.NewReader(strings.NewReader(sb.String())))
	got := m.result()
	if len(got) != 100 {
		t.Fatalf("%d candidates, want 100", len(got))
	}
	if !slices.Contains(got, "id0007\thttps://e/min") || !slices.Contains(got, "id9999\thttps://e/max") {
		t.Errorf("the smallest or largest match is missing from the capped candidates")
	}
	// Typing narrows among all matches, not only the ones offered first.
	m = newIDMatcher("id29", nil, 100)
	m.scan(bufio.NewReader(strings.NewReader(sb.String())))
	if got := m.result(); len(got) != 100 || !strings.HasPrefix(got[0], "id2900\t") {
		t.Errorf("prefix id29: %d candidates, first %q", len(got), got[0])
	}
	m = newIDMatcher("id299", nil, 100)
	m.scan(bufio.NewReader(strings.NewReader(sb.String())))
	if got := m.result(); len(got) != 10 {
		t.Errorf("prefix id299: %d candidates, want 10", len(got))
	}
}

// TestListCachesWholeList: list --model prints the filtered rows but caches
// every id, and the rows come out before the cache is written.
func TestListCachesWholeList(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(func() { srv.Close(); sb.Close() })
	getenv := completionEnv(t, "profile: work\n"+strings.ReplaceAll(config.SandboxProfilesYAML(srv.URL, []string{"trello"}), "local-trello", "work"))
	const m1, m2 = "4d5ea62fd76aa1136000000c", "4d5ea62fd76aa1136000000d"
	var ids []string
	for _, m := range []string{m1, m2} {
		out, _, code := runComplete(t, getenv, "create", "--url", "https://example.com/"+m, "--model", m, "-q")
		if code != 0 {
			t.Fatalf("create exited %d", code)
		}
		ids = append(ids, strings.TrimSpace(out))
	}
	out, _, code := runComplete(t, getenv, "list", "--model", m2, "-q")
	if code != 0 || strings.TrimSpace(out) != ids[1] {
		t.Fatalf("list --model: %q, exit %d", out, code)
	}
	srv.Close() // the cache must answer alone
	out, _, _ = runComplete(t, getenv, "__complete", "get", "")
	for _, id := range ids {
		if !strings.Contains(out, id+"\t") {
			t.Errorf("completion after list --model lacks %s: %q", id, out)
		}
	}
}

// BenchmarkCompleteWarm10k is a warm TAB's work in process over a cache of
// 10,000 Trello webhooks: read the file, check its header, scan it, build the
// candidates.
func BenchmarkCompleteWarm10k(b *testing.B) {
	f, p := cacheFactory(b)
	rng := rand.New(rand.NewPCG(1, 2))
	ws := make([]webhook.Webhook, 10000)
	for i := range ws {
		ws[i] = webhook.Webhook{
			ID:  fmt.Sprintf("%08x%08x%08x", rng.Uint32(), rng.Uint32(), rng.Uint32()),
			URL: fmt.Sprintf("https://hooks.example.com/trello/board-%05d/callback", i),
		}
	}
	f.rememberIDs(ws)
	for _, prefix := range []string{"", ws[0].ID[:3]} {
		b.Run("prefix="+prefix, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				got, ok := cachedCandidates(f, p, time.Now(), prefix)
				if !ok {
					b.Fatal("cache miss")
				}
				n = len(got)
			}
			b.ReportMetric(float64(n), "candidates")
		})
	}
}

// The cache is streamed through a buffer that each line overwrites: the
// smallest and largest ids survive it, a line longer than the buffer (no
// id) is skipped, and a last line without its line break counts.
func TestIDMatcherThroughASmallBuffer(t *testing.T) {
	var sb strings.Builder
	for i := 100; i < 400; i++ {
		fmt.Fprintf(&sb, "id%04d\thttps://e/%d\n", i, i)
	}
	sb.WriteString("id0001\t" + strings.Repeat("x", 100) + "\n") // longer than the buffer
	sb.WriteString("id0050\thttps://e/min\nid9999\thttps://e/max")
	m := newIDMatcher("id", nil, 10)
	m.scan(bufio.NewReaderSize(strings.NewReader(sb.String()), 32))
	got := m.result()
	if m.n != 302 || len(got) != 10 {
		t.Fatalf("%d matches, %d candidates; want 302 and 10", m.n, len(got))
	}
	if !slices.Contains(got, "id0050\thttps://e/min") || !slices.Contains(got, "id9999\thttps://e/max") || !slices.Contains(got, "id0100\thttps://e/100") {
		t.Errorf("candidates %q", got)
	}
}
