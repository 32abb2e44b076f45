package cli

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/zalando/go-keyring"
)

// The keyring tests use go-keyring's mock, which is package state: none of
// these tests run in parallel.

func TestProfileAddFormToKeyring(t *testing.T) {
	keyring.MockInit()
	e := newTestEnv(t, sandboxProfiles())
	store := config.NewKeyring()
	p := &fakePrompter{t: t, answers: []answer{
		{match: "Dialect", value: "trello"},
		{match: "API key", value: "sandbox-key", reject: []string{"", "  "}},
		{match: "API token", value: "sandbox-token"},
		{match: "App secret (optional", value: ""},
		{match: "Base URL (optional", value: e.baseURL("trello"), reject: []string{"http://example.com/1", "ftp://x"}},
		{match: "Check the credentials", value: true},
	}}
	_, stderr, code := e.run(run{args: []string{"profile", "add", "Work"}, tty: true, prompter: p, store: store})
	e.wantCode(code, 0, stderr)
	if !strings.Contains(stderr, "profile work: credentials ok") || !strings.Contains(stderr, "saved profile work (trello; secrets in the OS keyring)") {
		t.Errorf("stderr:\n%s", stderr)
	}
	file := e.file()
	if strings.Contains(file, "sandbox-token\n    secret-store") || !strings.Contains(file, "secret-store: keyring") {
		t.Errorf("config:\n%s", file)
	}
	if strings.Count(file, "sandbox-token") != strings.Count(sandboxProfiles(), "sandbox-token") { // the sandbox profiles', not work's
		t.Errorf("work's token written to the file:\n%s", file)
	}
	if v, err := keyring.Get("hookctl", "work:token"); err != nil || v != "sandbox-token" {
		t.Errorf("keyring work:token = %q, %v", v, err)
	}
	if e.mode() != 0o600 {
		t.Errorf("mode %o", e.mode())
	}
	// The profile works, secrets from the keyring.
	out, stderr, code := e.run(run{args: []string{"profile", "check", "work"}, store: store})
	e.wantCode(code, 0, stderr)
	if !strings.HasPrefix(out, "work: ok (trello, http://127.0.0.1:") {
		t.Errorf("check stdout %q", out)
	}
	_, stderr, code = e.run(run{args: []string{"-p", "work", "list"}, store: store})
	e.wantCode(code, 0, stderr)

	// Remove takes the keyring entries with it.
	p = &fakePrompter{t: t, answers: []answer{{match: "Remove profile work (trello, and its secrets in the OS keyring)?", value: true}}}
	_, stderr, code = e.run(run{args: []string{"profile", "remove", "work"}, tty: true, prompter: p, store: store})
	e.wantCode(code, 0, stderr)
	if _, err := keyring.Get("hookctl", "work:token"); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("keyring entry left after remove: %v", err)
	}
	if strings.Contains(e.file(), "work:") {
		t.Errorf("profile left in the file:\n%s", e.file())
	}
}

func TestProfileAddKeyringUnavailable(t *testing.T) {
	keyring.MockInitWithError(errors.New("the name org.freedesktop.secrets was not provided by any .service files"))
	defer keyring.MockInit()
	e := newTestEnv(t, "")
	stdin := "sandbox-key\nsandbox-token\n"
	args := []string{"profile", "add", "w", "--dialect", "trello", "--key-stdin", "--token-stdin", "--set", "base-url=" + e.baseURL("trello"), "--check"}
	_, stderr, code := e.run(run{args: args, stdin: stdin, store: config.NewKeyring()})
	e.wantCode(code, 0, stderr)
	if strings.Count(stderr, "OS keyring is not available") != 1 || !strings.Contains(stderr, "--insecure-storage") {
		t.Errorf("want one notice, stderr:\n%s", stderr)
	}
	file := e.file()
	if !strings.Contains(file, "token: sandbox-token") || strings.Contains(file, "secret-store") || !strings.HasPrefix(file, "profile: w\n") {
		t.Errorf("config:\n%s", file)
	}
	if e.mode() != 0o600 {
		t.Errorf("mode %o", e.mode())
	}

	// --insecure-storage does not try the keyring, and says nothing.
	keyring.MockInit()
	args = []string{"profile", "add", "v", "--dialect", "supportbee", "--set", "base-url=" + e.baseURL("supportbee"), "--insecure-storage"}
	e.vars["HOOKCTL_AUTH_TOKEN"] = "sandbox-token"
	_, stderr, code = e.run(run{args: args, store: config.NewKeyring()})
	delete(e.vars, "HOOKCTL_AUTH_TOKEN")
	e.wantCode(code, 0, stderr)
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
	if _, err := keyring.Get("hookctl", "v:auth-token"); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("--insecure-storage wrote to the keyring: %v", err)
	}
	if !strings.Contains(e.file(), "auth-token: sandbox-token") {
		t.Errorf("config:\n%s", e.file())
	}
}

func TestProfileAddScripted(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	before := e.file()
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
		code  int
		msg   string
	}{
		{"no dialect", []string{"profile", "add", "x"}, "", 2, "missing dialect: pass --dialect trello|supportbee|entrust"},
		{"bad name", []string{"profile", "add", "a.b", "--dialect", "trello"}, "", 2, `invalid profile name "a.b"`},
		{"unknown dialect", []string{"profile", "add", "x", "--dialect", "nosuchvendor"}, "", 2, `unknown dialect "nosuchvendor"`},
		{"github without repo or org", []string{"profile", "add", "x", "--dialect", "github"}, "", 2, `missing repo for the github profile: pass --set repo=VALUE (or --set org=VALUE)`},
		{"secret on the command line", []string{"profile", "add", "x", "--dialect", "trello", "--set", "token=abc"}, "", 2, "token is a secret; pass it with --token-stdin or $HOOKCTL_TOKEN"},
		{"missing token", []string{"profile", "add", "x", "--dialect", "trello", "--key-stdin"}, "k\n", 2, "missing token for the trello profile: pass --token-stdin"},
		{"missing company", []string{"profile", "add", "x", "--dialect", "supportbee", "--auth-token-stdin"}, "t\n", 2, "pass --set company=VALUE (or --set base-url=URL)"},
		{"key of another dialect", []string{"profile", "add", "x", "--dialect", "supportbee", "--set", "application-id=1"}, "", 2, "a supportbee profile has no such key"},
		{"empty stdin", []string{"profile", "add", "x", "--dialect", "trello", "--key-stdin", "--token-stdin"}, "k\n", 2, "no line for token on stdin"},
		{"plain http elsewhere", []string{"profile", "add", "x", "--dialect", "entrust", "--set", "base-url=http://acme.example.com", "--set", "application-id=a", "--shared-secret-stdin"}, "s\n", 2, "plain http is allowed only to a loopback host"},
		{"exists", []string{"profile", "add", "local-trello", "--dialect", "trello"}, "", 2, "already exists"},
		{"check fails", []string{"profile", "add", "x", "--dialect", "trello", "--key-stdin", "--token-stdin", "--set", "base-url=" + e.baseURL("trello"), "--check"}, "sandbox-key\nwrong-token\n", 4, "check profile x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := e.run(run{args: tc.args, stdin: tc.stdin})
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.msg)
			}
			if strings.Contains(stderr, "wrong-token") {
				t.Errorf("stderr shows the token: %s", stderr)
			}
			if e.file() != before {
				t.Errorf("config changed:\n%s", e.file())
			}
		})
	}
}

func TestProfileAddFormInterruptedWritesNothing(t *testing.T) {
	keyring.MockInit()
	e := newTestEnv(t, sandboxProfiles())
	before := e.file()
	store := config.NewKeyring()
	p := &fakePrompter{t: t, answers: []answer{
		{match: "Dialect", value: "entrust"},
		{match: "Base URL", value: "https://acme.us.trustedauth.com", reject: []string{""}},
		{match: "Application ID", value: "app"},
		{match: "Shared secret", err: errInterrupted},
	}}
	_, stderr, code := e.run(run{args: []string{"profile", "add", "idaas"}, tty: true, prompter: p, store: store})
	e.wantCode(code, 130, stderr)
	if e.file() != before {
		t.Errorf("config changed:\n%s", e.file())
	}
	if _, err := keyring.Get("hookctl", "idaas:shared-secret"); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("keyring written: %v", err)
	}
}

func TestProfileAddFormSupportBeeBaseURLInsteadOfCompany(t *testing.T) {
	e := newTestEnv(t, "")
	p := &fakePrompter{t: t, answers: []answer{
		{match: "Company", value: ""},
		{match: "Base URL:", value: e.baseURL("supportbee"), reject: []string{""}},
		{match: "API token", value: "sandbox-token"},
		{match: "Check the credentials", value: false},
	}}
	_, stderr, code := e.run(run{args: []string{"profile", "add", "desk", "--dialect", "supportbee"}, tty: true, prompter: p})
	e.wantCode(code, 0, stderr)
	if f := e.file(); !strings.Contains(f, "base-url: "+e.baseURL("supportbee")) || strings.Contains(f, "company") {
		t.Errorf("config:\n%s", f)
	}
}

func TestProfileAddCheckFailsOnTerminal(t *testing.T) {
	e := newTestEnv(t, "")
	p := &fakePrompter{t: t, answers: []answer{
		{match: "Company", value: "acme"},
		{match: "Base URL (optional, Enter for https://COMPANY.supportbee.com)", value: e.baseURL("supportbee")},
		{match: "API token", value: "not-the-token"},
		{match: "Check the credentials", value: true},
		{match: "Save the profile anyway?", value: false},
	}}
	_, stderr, code := e.run(run{args: []string{"profile", "add", "desk", "--dialect", "supportbee"}, tty: true, prompter: p})
	e.wantCode(code, 4, stderr)
	if !strings.Contains(stderr, "check failed") || !strings.Contains(stderr, "nothing saved") || strings.Contains(stderr, "not-the-token") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if e.file() != "" {
		t.Errorf("config written:\n%s", e.file())
	}
}

func TestProfileAddReplace(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	before := e.file()
	p := &fakePrompter{t: t, answers: []answer{{match: "Profile local-entrust already exists (entrust). Replace it?", value: false}}}
	_, stderr, code := e.run(run{args: []string{"profile", "add", "local-entrust"}, tty: true, prompter: p})
	e.wantCode(code, 1, stderr) // declined, as gh exits
	if e.file() != before {
		t.Error("declined replace changed the config")
	}
	e.vars["HOOKCTL_SHARED_SECRET"] = "sandbox-secret"
	defer delete(e.vars, "HOOKCTL_SHARED_SECRET")
	_, stderr, code = e.run(run{args: []string{"profile", "add", "local-entrust", "--force", "--dialect", "entrust",
		"--set", "base-url=" + e.baseURL("entrust"), "--set", "application-id=sandbox-app", "--default"}})
	e.wantCode(code, 0, stderr)
	f := e.file()
	if !strings.HasPrefix(f, "profile: local-entrust\n") || strings.Count(f, "local-entrust:") != 1 || !strings.Contains(f, "local-supportbee:") {
		t.Errorf("config:\n%s", f)
	}
}

func TestProfileShowMasksSecrets(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	e.vars["HOOKCTL_TOKEN"] = "0123456789abcdef-from-env"
	defer delete(e.vars, "HOOKCTL_TOKEN")
	for _, name := range []string{"local-trello", "local-entrust", "sandbox"} {
		out, stderr, code := e.run(run{args: []string{"profile", "show", name}})
		e.wantCode(code, 0, stderr)
		for _, secret := range []string{"sandbox-key", "sandbox-token", "sandbox-secret", "0123456789abcdef-from-env"} {
			if strings.Contains(out, secret) {
				t.Errorf("profile show %s reveals %q:\n%s", name, secret, out)
			}
		}
		if name == "local-trello" && (!regexp.MustCompile(`(?m)^key\t\*\*\*\*ey\tfile, line \d+$`).MatchString(out) || !strings.Contains(out, "token\t****-env\tenv HOOKCTL_TOKEN")) {
			t.Errorf("profile show %s:\n%s", name, out)
		}
	}
	out, _, _ := e.run(run{args: []string{"profile", "show", "local-entrust", "-o", "json"}})
	if !strings.Contains(out, `"shared-secret": "****ret"`) || !strings.Contains(out, `"shared-secret": "file, line`) {
		t.Errorf("json:\n%s", out)
	}
}

func TestProfileListMarksDefault(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	out, stderr, code := e.run(run{args: []string{"profile", "list"}})
	e.wantCode(code, 0, stderr)
	for _, want := range []string{"sandbox\ttrello\t\tbuilt-in\n", "local-trello\ttrello\t*\tfile\n", "local-entrust\tentrust\t\tfile\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	_, stderr, code = e.run(run{args: []string{"profile", "use", "local-entrust"}})
	e.wantCode(code, 0, stderr)
	out, _, _ = e.run(run{args: []string{"profile", "list", "-o", "json", "--jq", ".[] | select(.default) | .name"}})
	if out != "local-entrust\n" {
		t.Errorf("default after use: %q", out)
	}
	_, stderr, code = e.run(run{args: []string{"profile", "use", "nope"}})
	if code != 2 || !strings.Contains(stderr, `no profile "nope"`) {
		t.Errorf("use nope: %d %s", code, stderr)
	}
}

func TestProfileRemoveConfirms(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	before := e.file()
	_, stderr, code := e.run(run{args: []string{"profile", "remove", "local-entrust"}})
	if code != 2 || !strings.Contains(stderr, "pass --yes") {
		t.Errorf("remove in a pipe: %d %s", code, stderr)
	}
	p := &fakePrompter{t: t, answers: []answer{{match: "Remove profile local-entrust (entrust)?", value: false}}}
	_, stderr, code = e.run(run{args: []string{"profile", "remove", "local-entrust"}, tty: true, prompter: p})
	e.wantCode(code, 1, stderr) // declined, as gh exits
	p = &fakePrompter{t: t, answers: []answer{{match: "Remove profile", err: errInterrupted}}}
	_, stderr, code = e.run(run{args: []string{"profile", "remove", "local-entrust"}, tty: true, prompter: p})
	e.wantCode(code, 130, stderr)
	if e.file() != before {
		t.Fatal("config changed")
	}
	_, stderr, code = e.run(run{args: []string{"profile", "remove", "local-trello", "--yes"}})
	e.wantCode(code, 0, stderr)
	if f := e.file(); strings.Contains(f, "local-trello") || strings.Contains(f, "profile:") {
		t.Errorf("after removing the default:\n%s", f)
	}
	_, stderr, code = e.run(run{args: []string{"profile", "remove", "sandbox", "--yes"}})
	if code != 2 || !strings.Contains(stderr, "built-in") {
		t.Errorf("remove built-in: %d %s", code, stderr)
	}
}

func TestProfileCheckFailure(t *testing.T) {
	e := newTestEnv(t, strings.Replace(sandboxProfiles(), "auth-token: sandbox-token", "auth-token: wrong-token-1234", 1))
	out, stderr, code := e.run(run{args: []string{"profile", "check", "local-supportbee"}})
	if code != 4 || out != "" || !strings.Contains(stderr, "check profile local-supportbee") || !strings.Contains(stderr, "hookctl profile check local-supportbee") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if strings.Contains(stderr, "wrong-token-1234") {
		t.Errorf("stderr shows the token: %s", stderr)
	}
	_, stderr, code = e.run(run{args: []string{"profile", "check", "nope"}})
	if code != 2 {
		t.Errorf("check of a missing profile: %d %s", code, stderr)
	}
}

func TestConfigWarningWhenReadableByOthers(t *testing.T) {
	// The sandbox's own credentials are public: only a real one is warned about.
	e := newTestEnv(t, strings.Replace(sandboxProfiles(), "auth-token: sandbox-token", "auth-token: a-real-token-5150", 1))
	if err := chmod(e.path, 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := e.run(run{args: []string{"profile", "check", "local-trello"}})
	e.wantCode(code, 0, stderr)
	if !strings.Contains(stderr, "readable by others; run chmod 600") {
		t.Errorf("no warning: %s", stderr)
	}
	// Any save puts the mode back to 0600.
	_, stderr, code = e.run(run{args: []string{"profile", "use", "local-supportbee"}})
	e.wantCode(code, 0, stderr)
	if e.mode() != 0o600 {
		t.Errorf("mode %o after save", e.mode())
	}
}

func TestDefaultSecretStore(t *testing.T) {
	env := map[string]string{}
	f := &Factory{Getenv: func(k string) string { return env[k] }}
	get := defaultSecretStore(f)
	if get() == nil {
		t.Fatal("no keyring store by default")
	}
	for _, v := range []string{"off", "OFF", "0", "false", "no"} {
		env[keyringEnv] = v
		if get() != nil {
			t.Errorf("HOOKCTL_KEYRING=%s: keyring store still used", v)
		}
	}
	delete(env, keyringEnv)
	f.completing = true
	if get() != nil || f.secretStore() != nil {
		t.Error("keyring store on the completion path")
	}
	if !isCompletionRequest([]string{"__complete", "get", ""}) || !isCompletionRequest([]string{"__completeNoDesc", "x"}) ||
		isCompletionRequest([]string{"get", "__complete"}) || isCompletionRequest(nil) {
		t.Error("isCompletionRequest")
	}
}

// A github profile names one owner: given a repository, the form does not
// ask for an organization; both given as flags are refused, nothing saved.
func TestProfileAddGitHubRepoOrOrg(t *testing.T) {
	e := newTestEnv(t, "")
	p := &fakePrompter{t: t, answers: []answer{
		{match: "Repository", value: "sandbox/hooks"},
		{match: "Token", value: "sandbox-token"},
		{match: "Webhook secret", value: ""},
		{match: "Base URL", value: e.baseURL("github")},
		{match: "Check the credentials", value: false},
	}}
	_, stderr, code := e.run(run{args: []string{"profile", "add", "gh", "--dialect", "github"}, tty: true, prompter: p})
	e.wantCode(code, 0, stderr)
	if f := e.file(); !strings.Contains(f, "repo: sandbox/hooks") || strings.Contains(f, "org:") {
		t.Errorf("config:\n%s", f)
	}
	for _, q := range p.asked {
		if strings.Contains(q, "Organization") {
			t.Errorf("asked %q after a repository was given", q)
		}
	}

	_, stderr, code = e.run(run{args: []string{"profile", "add", "both", "--dialect", "github", "--set", "repo=a/b", "--set", "org=c", "--insecure-storage"}})
	e.wantCode(code, 2, stderr)
	if !strings.Contains(stderr, "a github profile takes repo or org, not both") || strings.Contains(e.file(), "both:") {
		t.Errorf("stderr %q\nconfig:\n%s", stderr, e.file())
	}
}

// profile set NAME SECRETKEY on a terminal asks for the value without echo
// and keeps the rest of the profile.
func TestProfileSetAsksForASecret(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	p := &fakePrompter{t: t, answers: []answer{{match: "token (not shown):", value: "asked-token-31", reject: []string{"", "  "}}}}
	_, stderr, code := e.run(run{args: []string{"profile", "set", "local-trello", "token"}, tty: true, prompter: p})
	e.wantCode(code, 0, stderr)
	if f := e.file(); !strings.Contains(f, "token: asked-token-31") || !strings.Contains(f, "key: sandbox-key") {
		t.Errorf("config:\n%s", f)
	}
	if strings.Contains(stderr, "asked-token-31") {
		t.Errorf("the secret was printed: %s", stderr)
	}
}
