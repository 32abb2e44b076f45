package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// A backend's URL with an escape sequence reaches neither the completion
// cache nor the shell raw: completion prints it to the terminal, and the
// cache would repeat it offline.
func TestCompletionEscapesURLs(t *testing.T) {
	evil := "https://x.example/\x1b]0;pwned\x07\x1b[2J\tnext"
	path := filepath.Join(t.TempDir(), "ids.json")
	if err := writeIDCache(path, "src", time.Now(), []webhook.Webhook{{ID: "a1", URL: evil}}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(string(data), "\x1b\x07") {
		t.Errorf("cache holds control characters: %q", data)
	}
	fh, _ := os.Open(path)
	defer fh.Close()
	r := bufio.NewReader(fh)
	r.ReadString('\n')
	m := newIDMatcher("", nil, 10)
	m.scan(r)
	got := m.result()
	if len(got) != 1 || strings.ContainsAny(got[0], "\x1b\x07") || strings.Count(got[0], "\t") != 1 || !strings.HasPrefix(got[0], "a1\thttps://x.example/") {
		t.Errorf("candidates %q", got)
	}
}
