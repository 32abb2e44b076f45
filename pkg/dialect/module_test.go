package dialect_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// program is a separate Go program that uses hookctl as a library: it
// serves the sandbox on a loopback port and manages Trello webhooks there
// with nothing but credentials and the sandbox's address (no HTTP client,
// limiter or retry settings: the defaults).
const program = `package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/trello"
	"github.com/hookctl/hookctl/pkg/sandbox"
	sandboxtrello "github.com/hookctl/hookctl/pkg/sandbox/trello"
	"github.com/hookctl/hookctl/pkg/webhook"
)

func main() {
	sb, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators()})
	check(err)
	srv := httptest.NewServer(sb)
	defer srv.Close()
	callback := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer callback.Close()

	b, err := trello.New(trello.Config{BaseURL: srv.URL + "/trello/1", Key: sandboxtrello.Key, Token: sandboxtrello.Token})
	check(err)
	ctx := context.Background()
	url, model := callback.URL+"/hook", "5abbe4b7ddc1b351ef961415"
	w, err := b.Create(ctx, webhook.Changes{URL: &url, Model: &model})
	check(err)
	ws, err := b.List(ctx)
	check(err)
	check(b.Delete(ctx, w.ID))
	after, err := b.List(ctx)
	check(err)
	fmt.Printf("created %d listed %d left %d\n", len(w.ID), len(ws), len(after))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// TestSeparateModule builds a Go module outside this repository (with a
// replace directive to it) that imports the client package, and runs it
// against the sandbox: what the library promises another program.
func TestSeparateModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a separate module")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go .*$`).Find(gomod)
	dir := t.TempDir()
	mod := "module example.com/usehookctl\n\n" + string(goLine) + "\n\nrequire github.com/hookctl/hookctl v0.0.0\n\nreplace github.com/hookctl/hookctl => " + repo + "\n"
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"go.mod": []byte(mod), "go.sum": sum, "main.go": []byte(program)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) string {
		cmd := exec.Command(goBin, args...)
		cmd.Dir = dir
		// Offline: every module it needs is hookctl's own, already in the
		// module cache.
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("mod", "tidy")
	if got := run("run", "."); got != "created 24 listed 1 left 0\n" {
		t.Fatalf("the separate program printed %q", got)
	}
}
