package cli

import (
	"strings"
	"testing"
)

const testModel = "4d5ea62fd76aa1136000000c"

func TestCreateAsksForMissingURL(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	p := &fakePrompter{t: t, answers: []answer{
		{match: "Callback URL:", value: "https://example.com/asked", reject: []string{"", "not a url", "ftp://example.com"}},
	}}
	out, stderr, code := e.run(run{args: []string{"create", "--model", testModel, "-q"}, tty: true, prompter: p})
	e.wantCode(code, 0, stderr)
	id := strings.TrimSpace(out)
	out, _, _ = e.run(run{args: []string{"get", id, "url"}})
	if out != "https://example.com/asked\n" {
		t.Errorf("created url %q", out)
	}
}

func TestCreateNeverAsksOffTerminal(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	for _, r := range []run{
		{args: []string{"create", "--model", testModel}},                                                         // a pipe
		{args: []string{"create", "--model", testModel, "--no-input"}, tty: true, prompter: &fakePrompter{t: t}}, // --no-input
	} {
		_, stderr, code := e.run(r)
		if code != 2 || !strings.Contains(stderr, "--url") {
			t.Errorf("%v: exit %d, stderr %q; want 2 naming --url", r.args, code, stderr)
		}
	}
}

func TestCreateEntrustAsksNameAndEvents(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	p := &fakePrompter{t: t, answers: []answer{
		{match: "Callback URL:", value: "https://example.com/idaas", reject: []string{"http://example.com/plain"}},
		{match: "Name:", value: "audit"},
		{match: "Events:", value: []string{"user.created"}},
	}}
	out, stderr, code := e.run(run{args: []string{"-p", "local-entrust", "create", "-o", "json"}, tty: true, prompter: p})
	e.wantCode(code, 0, stderr)
	if !strings.Contains(out, `"user.created"`) || !strings.Contains(out, `"audit"`) {
		t.Errorf("created:\n%s", out)
	}
}

func TestCreateInterruptedCreatesNothing(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	p := &fakePrompter{t: t, answers: []answer{{match: "Callback URL:", err: errInterrupted}}}
	_, stderr, code := e.run(run{args: []string{"create", "--model", testModel}, tty: true, prompter: p})
	e.wantCode(code, 130, stderr)
	out, _, _ := e.run(run{args: []string{"list", "-q"}})
	if out != "" {
		t.Errorf("webhooks after Ctrl-C: %q", out)
	}
}

func TestDeleteConfirmShowsWhatGoes(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	out, _, _ := e.run(run{args: []string{"create", "--url", "https://example.com/doomed", "--model", testModel, "-q"}})
	id := strings.TrimSpace(out)

	p := &fakePrompter{t: t, answers: []answer{{match: "Delete 1 webhook?", value: false}}}
	_, stderr, code := e.run(run{args: []string{"delete", id}, tty: true, prompter: p})
	e.wantCode(code, 1, stderr) // declined, as gh exits
	if !strings.Contains(stderr, "About to delete 1 webhook (profile local-trello):") || !strings.Contains(stderr, id+"  https://example.com/doomed") || !strings.Contains(stderr, "nothing deleted") {
		t.Errorf("stderr:\n%s", stderr)
	}
	// An id the list does not have is not asked about, and is reported.
	gone := "5abbe4b7ddc1b351ef961414"
	p = &fakePrompter{t: t, answers: []answer{{match: "Delete 1 webhook?", value: false}}}
	_, stderr, code = e.run(run{args: []string{"delete", gone, id, id}, tty: true, prompter: p})
	e.wantCode(code, 1, stderr)
	if !strings.Contains(stderr, "not in profile local-trello, so not deleted: "+gone) || strings.Contains(stderr, gone+"  ") || !strings.Contains(stderr, "1 id given more than once") {
		t.Errorf("stderr:\n%s", stderr)
	}
	p = &fakePrompter{t: t}
	_, stderr, code = e.run(run{args: []string{"delete", gone}, tty: true, prompter: p})
	e.wantCode(code, 3, stderr)
	if strings.Contains(stderr, "About to delete") || !strings.Contains(stderr, "delete webhook "+gone+": not found") {
		t.Errorf("only a missing id: asked, or not reported:\n%s", stderr)
	}
	p = &fakePrompter{t: t, answers: []answer{{match: "Delete 1 webhook?", err: errInterrupted}}}
	_, stderr, code = e.run(run{args: []string{"delete", id}, tty: true, prompter: p})
	e.wantCode(code, 130, stderr)
	if out, _, _ := e.run(run{args: []string{"list", "-q"}}); out != id+"\n" {
		t.Fatalf("deleted without a yes: list %q", out)
	}

	p = &fakePrompter{t: t, answers: []answer{{match: "Delete 1 webhook?", value: true}}}
	_, stderr, code = e.run(run{args: []string{"delete", id}, tty: true, prompter: p})
	e.wantCode(code, 0, stderr)
	if out, _, _ := e.run(run{args: []string{"list", "-q"}}); out != "" {
		t.Errorf("list after delete %q", out)
	}

	// An id the list does not know is not asked about: it is reported.
	p = &fakePrompter{t: t}
	_, stderr, code = e.run(run{args: []string{"delete", id}, tty: true, prompter: p})
	e.wantCode(code, 3, stderr)
	if strings.Contains(stderr, "About to delete") || !strings.Contains(stderr, "not in profile local-trello, so not deleted: "+id) {
		t.Errorf("stderr:\n%s", stderr)
	}
	_, stderr, code = e.run(run{args: []string{"delete", id}})
	if code != 2 || !strings.Contains(stderr, "pass --yes") {
		t.Errorf("delete in a pipe: %d %s", code, stderr)
	}
}

// TestDeleteStdinHintOnTerminal: `delete -` with a terminal on stdin says
// that it waits for ids; in a pipe it says nothing.
func TestDeleteStdinHintOnTerminal(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	out, _, _ := e.run(run{args: []string{"create", "--url", "https://example.com/a", "--model", testModel, "-q"}})
	id := strings.TrimSpace(out)
	_, stderr, code := e.run(run{args: []string{"delete", "-", "--yes"}, stdin: id + "\n", tty: true})
	e.wantCode(code, 0, stderr)
	if !strings.Contains(stderr, "hookctl: reading ids (one a line) from stdin; end with Ctrl-D") {
		t.Errorf("no hint on a terminal:\n%s", stderr)
	}
	_, stderr, code = e.run(run{args: []string{"delete", "-", "--yes"}, stdin: "\n"})
	e.wantCode(code, 0, stderr)
	if strings.Contains(stderr, "reading ids") {
		t.Errorf("hint in a pipe:\n%s", stderr)
	}
}
