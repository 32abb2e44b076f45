package hookctl_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/internal/config"
)

// scriptSecret finds a credential a script sets: an HOOKCTL_<secret key>
// variable, a secret key in a config file it writes, or a proxy password.
var scriptSecret = regexp.MustCompile(`(?m)(?:^env\s+HOOKCTL_(?:KEY|TOKEN|SECRET|AUTH_TOKEN|SHARED_SECRET)=(\S+))|(?:^\s*(?:key|token|secret|auth-token|shared-secret):\s*['"]?([^\s'"]+))|(?:://[^:/\s]+:([^@\s]+)@)`)

// sessionToken is the shape of the sandbox's Entrust session tokens
// (base64url of "v1|…", a dot, a MAC): learnt at run time, never printed.
var sessionToken = regexp.MustCompile(`djF8[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}`)

// goInternals are what a message must never show: Go type names
// (interface {}, *url.Error, a struct of a package), the context package's
// and bufio's error texts, encoding/json's Go-typed errors, panics, and fmt's
// bad-verb marks.
var goInternals = regexp.MustCompile(`interface \{\}|map\[string\]|\*?url\.Error|\*[a-z]+\.[A-Z][A-Za-z]+|context deadline exceeded|context canceled|bufio\.Scanner|token too long|Go struct|into Go value|json: cannot unmarshal|goroutine [0-9]+ \[|panic: |runtime error|%!|\(MISSING\)|<nil>`)

// credentials are every secret the scripts use: the built-in profiles', the
// proxy password of the fault scripts, and every one a script sets itself.
func credentials(t *testing.T) []string {
	seen := map[string]bool{proxyPassword: true}
	for _, p := range config.Builtins() {
		for _, s := range p.Secrets() {
			seen[s] = true
		}
	}
	scripts, err := filepath.Glob(filepath.Join("testdata", "script", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range scripts {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range scriptSecret.FindAllStringSubmatch(string(data), -1) {
			for _, v := range m[1:] {
				// Variables and short placeholders are not credentials.
				if len(v) >= 6 && !strings.Contains(v, "$") && v != "REDACTED" {
					seen[v] = true
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func checkTranscripts(t *testing.T, dir string) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no transcript: the scripts ran no hookctl command")
	}
	creds := credentials(t)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// The first line is the command line, which the script wrote (a
		// --secret flag included); what is checked is what hookctl printed.
		_, data, _ := strings.Cut(string(raw), "\n")
		for _, secret := range creds {
			if strings.Contains(data, secret) {
				t.Errorf("%s shows credential %q:\n%s", filepath.Base(f), secret, raw)
			}
		}
		if m := goInternals.FindString(data); m != "" {
			t.Errorf("%s shows a Go internal %q (plain words only):\n%s", filepath.Base(f), m, raw)
		}
		if tok := sessionToken.FindString(data); tok != "" {
			t.Errorf("%s shows an Entrust session token %q:\n%s", filepath.Base(f), tok, raw)
		}
	}
	t.Logf("checked %d hookctl runs for %d credentials, session tokens and Go internals", len(files), len(creds))
}
