package hookctl_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// buildHookctl compiles the real binary once per test run.
func buildHookctl(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hookctl")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/hookctl")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runResult is one hookctl run.
type runResult struct {
	code           int
	stdout, stderr string
}

// hookctlRunner runs the binary against one config file.
type hookctlRunner struct {
	bin string
	env []string
}

func newRunner(t *testing.T, bin, config string) *hookctlRunner {
	home := t.TempDir()
	return &hookctlRunner{bin: bin, env: []string{
		"HOME=" + home, "PATH=" + os.Getenv("PATH"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".state"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"HOOKCTL_CONFIG=" + config,
	}}
}

func (r *hookctlRunner) run(args ...string) runResult {
	cmd := exec.Command(r.bin, args...)
	cmd.Env = r.env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	res := runResult{stdout: out.String(), stderr: errOut.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	case err != nil:
		res.code = -1
		res.stderr += err.Error()
	}
	return res
}

// faultOp is one planned operation and, once run, how it ended.
type faultOp struct {
	kind string // create, update, delete
	idx  int    // which webhook of the plan
	args []string
	res  runResult
}

// hookPlan is what the test knows about one webhook it meant to create.
type hookPlan struct {
	url, newURL string // newURL is set when an update was asked for
	id          string
	// created: "yes", "no" or "maybe" (answer lost, reported as such);
	// createErr is what a failed create printed.
	created, createErr string
	// updated / deleted: "yes", "no" or "maybe"; "" when not asked.
	updated, deleted string
}

// TestFaultInjection runs hundreds of creates, updates and deletes through
// the real binary against a sandbox that answers 20% of requests with 503
// and cuts 10% of answers off after acting on them. The final state, read
// without faults, must be exactly what the exit codes say: nothing lost,
// nothing duplicated, every failure one line with exit 1.
func TestFaultInjection(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary hundreds of times")
	}
	start := time.Now()
	bin := buildHookctl(t)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer recv.Close()

	state := filepath.Join(t.TempDir(), "state.json")
	var log faultLog
	faulty, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators(), StatePath: state, FailRate: 0.2, DropRate: 0.1, Rand: rand.New(rand.NewPCG(2026, 7)), Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer faulty.Close()
	clean, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators(), StatePath: state})
	if err != nil {
		t.Fatal(err)
	}
	defer clean.Close()
	faultySrv, cleanSrv := httptest.NewServer(faulty), httptest.NewServer(clean)
	defer faultySrv.Close()
	defer cleanSrv.Close()

	dir := t.TempDir()
	write := func(name, root string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(config.SandboxProfilesYAML(root, nil)), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	run := newRunner(t, bin, write("faulty.yaml", faultySrv.URL))
	check := newRunner(t, bin, write("clean.yaml", cleanSrv.URL))

	const perDialect = 60
	total := 0
	for _, d := range dialect.All() {
		if d.Sandbox.Emulator == nil {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			n := faultRun(t, run, check, d, recv.URL, perDialect)
			total += n
		})
	}
	t.Logf("%d hookctl runs, %d requests (%d answered 503, %d answers dropped) in %s",
		total, log.requests, log.failed, log.dropped, time.Since(start).Round(time.Millisecond))
	if log.failed == 0 || log.dropped == 0 {
		t.Errorf("no faults were injected")
	}
}

// faultRun plays the plan for one dialect and checks the outcome; it
// returns how many hookctl runs it made. What a create needs comes from the
// dialect's schema: its required fields, its events spread over the
// webhooks (GitHub allows 20 hooks an event), a description of each its
// own, and inactive where the dialect has active (Entrust's tenant allows
// 20 enabled). A vendor's own cap on webhooks (Stripe's 16) makes the
// creates past it clean failures, which the plan checks like any other.
func faultRun(t *testing.T, run, check *hookctlRunner, d *spec.Descriptor, recvURL string, n int) int {
	dialect, s := d.Name, d.Schema
	profile := config.SandboxProfileName(dialect)
	plans := make([]*hookPlan, n)
	for i := range plans {
		plans[i] = &hookPlan{url: fmt.Sprintf("%s/%s/%d", recvURL, dialect, i)}
	}
	var events []string
	for _, e := range s.Events {
		// Not "*", nor an event the sandbox profile's webhooks do not take.
		if need := s.EventsNeed[e]; e != "*" && (need == "" || d.Sandbox.Values.Get(need) != "") {
			events = append(events, e)
		}
	}
	createArgs := func(p *hookPlan) []string {
		args := []string{"-p", profile, "create", "--url", p.url, "-q"}
		i := 0
		fmt.Sscan(p.url[strings.LastIndex(p.url, "/")+1:], &i)
		for _, f := range s.Fields {
			switch {
			case f.Name == webhook.FieldModel && f.Required:
				args = append(args, "--model", "4d5ea62fd76aa1136000000c")
			case f.Name == webhook.FieldDescription && f.Required:
				args = append(args, "--description", fmt.Sprintf("hook-%d", i))
			case f.Name == webhook.FieldEvents && len(events) > 0:
				args = append(args, "--event", events[i%len(events)])
			case f.Name == webhook.FieldActive && !f.ReadOnly:
				args = append(args, "--active=false")
			}
		}
		return args
	}
	// An update of the URL, where the vendor can change one (PagerDuty's
	// cannot: refused before sending, exit 2).
	canMoveURL := true
	if res := check.run(createArgs(&hookPlan{url: recvURL + "/" + dialect + "/probe"})...); res.code == 0 {
		id := strings.TrimSpace(res.stdout)
		canMoveURL = check.run("-p", profile, "update", id, "--url", recvURL+"/"+dialect+"/probe-moved", "-q").code != 2
		check.run("-p", profile, "delete", id, "--yes")
	}

	// Round 1: every create.
	var ops []*faultOp
	for i, p := range plans {
		ops = append(ops, &faultOp{kind: "create", idx: i, args: createArgs(p)})
	}
	runAll(ops, run)
	for _, op := range ops {
		p := plans[op.idx]
		checkFailure(t, op)
		switch {
		case op.res.code == 0:
			p.created, p.id = "yes", strings.TrimSpace(op.res.stdout)
		case lostAnswer(op.res.stderr):
			p.created = "maybe"
		default:
			p.created, p.createErr = "no", op.res.stderr
		}
	}

	// Round 2: updates of every third, deletes of every fourth (others).
	ops = ops[:0]
	for i, p := range plans {
		if p.created != "yes" {
			continue
		}
		switch {
		case i%3 == 0 && canMoveURL:
			p.newURL = p.url + "-updated"
			ops = append(ops, &faultOp{kind: "update", idx: i, args: []string{"-p", profile, "update", p.id, "--url", p.newURL, "-q"}})
		case i%4 == 1:
			ops = append(ops, &faultOp{kind: "delete", idx: i, args: []string{"-p", profile, "delete", p.id, "--yes"}})
		}
	}
	runAll(ops, run)
	for _, op := range ops {
		p := plans[op.idx]
		checkFailure(t, op)
		outcome := "yes"
		if op.res.code != 0 {
			outcome = "maybe" // PUT and DELETE are retried; the last try may have acted
		}
		if op.kind == "update" {
			p.updated = outcome
		} else {
			p.deleted = outcome
		}
	}
	runs := n + len(ops)

	// The final state, read without faults.
	res := check.run("-p", profile, "list", "-o", "json")
	if res.code != 0 {
		t.Fatalf("list: exit %d: %s", res.code, res.stderr)
	}
	var got []struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &got); err != nil {
		t.Fatalf("list -o json: %v\n%s", err, res.stdout)
	}
	byURL := map[string][]string{}
	byID := map[string]string{}
	for _, w := range got {
		base := strings.TrimSuffix(w.URL, "-updated")
		byURL[base] = append(byURL[base], w.ID)
		byID[w.ID] = w.URL
	}
	uncertain, failed := 0, 0
	for _, p := range plans {
		ids := byURL[p.url]
		if len(ids) > 1 {
			t.Errorf("%s: duplicated: %d webhooks %v", p.url, len(ids), ids)
		}
		switch p.created {
		case "no":
			failed++
			if len(ids) != 0 {
				t.Errorf("%s: the create failed (answer not lost) but webhook %v exists; it said: %s", p.url, ids, p.createErr)
			}
			continue
		case "maybe":
			uncertain++
			continue
		}
		url, present := byID[p.id]
		switch p.deleted {
		case "yes":
			if present {
				t.Errorf("%s: deleted (exit 0) but %s is still there", p.url, p.id)
			}
			continue
		case "maybe":
			uncertain++
			continue
		}
		if !present {
			t.Errorf("%s: created as %s (exit 0) and never deleted, but it is gone", p.url, p.id)
			continue
		}
		want := p.url
		switch p.updated {
		case "yes":
			want = p.newURL
		case "maybe":
			uncertain++
			if url == p.url || url == p.newURL {
				want = url
			}
		}
		if url != want {
			t.Errorf("%s: url is %s, want %s", p.id, url, want)
		}
	}
	for _, w := range got {
		if !strings.HasPrefix(w.URL, recvURL+"/"+dialect+"/") {
			t.Errorf("unexpected webhook %s %s", w.ID, w.URL)
		}
	}
	t.Logf("%s: %d runs; %d creates failed cleanly, %d outcomes reported as uncertain; %d webhooks at the end",
		dialect, runs, failed, uncertain, len(got))
	if uncertain > n/10 {
		t.Errorf("%d of %d webhooks ended uncertain: the client gives up too easily", uncertain, n)
	}
	return runs
}

// lostAnswer reports whether a failed create said its outcome is unknown:
// its answer was lost, or (a vendor that creates enabled, then disables)
// the webhook it made could not be disabled nor deleted again.
func lostAnswer(stderr string) bool {
	for _, s := range []string{"outcome unknown", "answer to the create was lost", "it may still be there"} {
		if strings.Contains(stderr, s) {
			return true
		}
	}
	return false
}

// checkFailure: a failure under 503s and drops is exit 1, one line
// "hookctl: …" on stderr, nothing on stdout.
func checkFailure(t *testing.T, op *faultOp) {
	t.Helper()
	if op.res.code == 0 {
		return
	}
	lines := strings.Split(strings.TrimRight(op.res.stderr, "\n"), "\n")
	if op.res.code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "hookctl: ") {
		t.Errorf("hookctl %s: exit %d, stderr %q; want exit 1 and one line", strings.Join(op.args, " "), op.res.code, op.res.stderr)
	}
	if op.res.stdout != "" {
		t.Errorf("hookctl %s failed but printed %q", strings.Join(op.args, " "), op.res.stdout)
	}
	for _, secret := range builtinSecrets() {
		if strings.Contains(op.res.stderr, secret) {
			t.Errorf("hookctl %s: stderr shows %q", strings.Join(op.args, " "), secret)
		}
	}
}

// builtinSecrets are the credentials of every built-in sandbox profile.
func builtinSecrets() []string {
	var out []string
	for _, p := range config.Builtins() {
		out = append(out, p.Secrets()...)
	}
	return out
}

// runAll runs the operations, four at a time.
func runAll(ops []*faultOp, r *hookctlRunner) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, op := range ops {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			op.res = r.run(op.args...)
		}()
	}
	wg.Wait()
}

// faultLog counts the sandbox's request log lines and injected faults.
type faultLog struct {
	mu                        sync.Mutex
	requests, failed, dropped int
}

func (l *faultLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range strings.Split(strings.TrimSpace(string(p)), "\n") {
		l.requests++
		if strings.Contains(line, "(injected failure)") {
			l.failed++
		}
		if strings.Contains(line, "(dropped)") {
			l.dropped++
		}
	}
	return len(p), nil
}
