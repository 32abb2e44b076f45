package cli

import (
	"strings"
	"testing"
)

const applyFile = `dialect: trello
webhooks:
  - url: https://example.com/keep
    model: 4d5ea62fd76aa1136000000c
`

func createHooks(t *testing.T, e *testEnv, urls ...string) {
	t.Helper()
	for _, u := range urls {
		if _, stderr, code := e.run(run{args: []string{"create", "--url", u, "--model", "4d5ea62fd76aa1136000000c", "-q"}}); code != 0 {
			t.Fatalf("create %s: %s", u, stderr)
		}
	}
}

func listURLs(t *testing.T, e *testEnv) string {
	t.Helper()
	out, stderr, code := e.run(run{args: []string{"list", "--jq", ".[].url"}})
	if code != 0 {
		t.Fatalf("list: %s", stderr)
	}
	return out
}

// TestApplyPruneAsksOnTerminal: on a terminal, --prune without --yes lists
// the deletions and asks; "no" changes nothing, "yes" deletes.
func TestApplyPruneAsksOnTerminal(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	createHooks(t, e, "https://example.com/keep", "https://example.com/gone1", "https://example.com/gone2")

	no := &fakePrompter{t: t, answers: []answer{{match: "Delete 2 webhooks absent from stdin?", value: false}}}
	_, stderr, code := e.run(run{args: []string{"apply", "-f", "-", "--prune"}, stdin: applyFile, tty: true, prompter: no})
	if code != 1 || !strings.Contains(stderr, "- delete https://example.com/gone1 model=") || !strings.Contains(stderr, "nothing changed") {
		t.Fatalf("answer no: exit %d, stderr %q", code, stderr)
	}
	if got := listURLs(t, e); strings.Count(got, "\n") != 3 {
		t.Fatalf("answer no deleted something: %q", got)
	}

	yes := &fakePrompter{t: t, answers: []answer{{match: "Delete 2 webhooks", value: true}}}
	_, stderr, code = e.run(run{args: []string{"apply", "-f", "-", "--prune"}, stdin: applyFile, tty: true, prompter: yes})
	if code != 0 || !strings.Contains(stderr, "created 0, updated 0, deleted 2, unchanged 1, failed 0") {
		t.Fatalf("answer yes: exit %d, stderr %q", code, stderr)
	}
	if got := listURLs(t, e); got != "https://example.com/keep\n" {
		t.Fatalf("after prune: %q", got)
	}
	// --no-input on a terminal is a pipe for prompting: --yes is required.
	if _, stderr, code := e.run(run{args: []string{"apply", "-f", "-", "--prune", "--no-input"}, stdin: applyFile, tty: true}); code != ExitUsage || !strings.Contains(stderr, "pass --yes") {
		t.Fatalf("--no-input: exit %d, stderr %q", code, stderr)
	}
}

// TestApplyProgressOnTerminal: a bar on stderr when it is a terminal, gone
// before the summary.
func TestApplyProgressOnTerminal(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	file := "webhooks:\n"
	for _, u := range []string{"a", "b", "c"} {
		file += "  - {url: https://example.com/" + u + ", model: 4d5ea62fd76aa1136000000c}\n"
	}
	_, stderr, code := e.run(run{args: []string{"apply", "-f", "-"}, stdin: file, tty: true})
	if code != 0 || !strings.Contains(stderr, "applying ") || !strings.Contains(stderr, "3/3 100%") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.HasSuffix(stderr, "\r\x1b[Kcreated 3, updated 0, deleted 0, unchanged 0, failed 0\n") {
		t.Errorf("the bar should be erased before the summary: %q", stderr)
	}
}

// TestDiffExitCodes: 0 same, 1 differs, above 1 on error — also for a
// failure that other commands exit 1 with.
func TestDiffExitCodes(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	if _, _, code := e.run(run{args: []string{"diff", "-f", "-"}, stdin: applyFile}); code != 1 {
		t.Errorf("differs: exit %d, want 1", code)
	}
	createHooks(t, e, "https://example.com/keep")
	if out, _, code := e.run(run{args: []string{"diff", "-f", "-"}, stdin: applyFile}); code != 0 || out != "[]\n" {
		t.Errorf("same: exit %d, stdout %q", code, out)
	}
	if _, _, code := e.run(run{args: []string{"diff", "-f", "-"}, stdin: "webhooks: [{}]\n"}); code != ExitUsage {
		t.Errorf("bad file: exit %d, want 2", code)
	}
	broken := newTestEnv(t, "profile: p\nprofiles:\n  p:\n    dialect: trello\n    base-url: http://127.0.0.1:1/trello/1\n    key: k\n    token: t\n")
	_, stderr, code := broken.run(run{args: []string{"diff", "-f", "-", "--timeout", "2s"}, stdin: applyFile})
	if code <= 1 || !strings.HasPrefix(stderr, "hookctl: ") {
		t.Errorf("unreachable backend: exit %d (want >1), stderr %q", code, stderr)
	}
}
