package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func envOf(m map[string]string) Env { return func(k string) string { return m[k] } }

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const twoProfiles = `profile: work
profiles:
  work:
    dialect: trello
    key: key-from-file
    token: token-from-file
  helpdesk:
    dialect: supportbee
    company: acme
    auth-token: sb-token
`

func TestPathPrecedence(t *testing.T) {
	env := envOf(map[string]string{"HOOKCTL_CONFIG": "/env.yaml", "XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"})
	if got := Path("/flag.yaml", env); got != "/flag.yaml" {
		t.Errorf("flag: %s", got)
	}
	if got := Path("", env); got != "/env.yaml" {
		t.Errorf("env: %s", got)
	}
	if got := Path("", envOf(map[string]string{"XDG_CONFIG_HOME": "/xdg"})); got != "/xdg/hookctl/config.yaml" {
		t.Errorf("xdg: %s", got)
	}
	if got := Path("", envOf(map[string]string{"HOME": "/home/u"})); got != "/home/u/.config/hookctl/config.yaml" {
		t.Errorf("home: %s", got)
	}
}

func TestSelectPrecedence(t *testing.T) {
	f, err := Load(writeConfig(t, twoProfiles))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"helpdesk", map[string]string{"HOOKCTL_PROFILE": "work"}, "helpdesk"},
		{"", map[string]string{"HOOKCTL_PROFILE": "helpdesk"}, "helpdesk"},
		{"", nil, "work"},
	}
	for _, tc := range cases {
		sel, err := f.Select(tc.flag, envOf(tc.env))
		if err != nil || sel.Name != tc.want || sel.Notice != "" {
			t.Errorf("Select(%q, %v) = %+v, %v; want %s", tc.flag, tc.env, sel, err, tc.want)
		}
	}
}

func TestNoConfigFileMeansTheBuiltinSandbox(t *testing.T) {
	f, err := Load(filepath.Join(t.TempDir(), "missing.yaml"))
	if err != nil || f.Exists {
		t.Fatalf("Load(missing) = %+v, %v", f, err)
	}
	sel, err := f.Select("", envOf(nil))
	if err != nil || sel.Name != SandboxProfile || !strings.Contains(sel.Notice, "built-in sandbox") {
		t.Fatalf("Select = %+v, %v", sel, err)
	}
	p, err := f.Resolve(sel.Name, envOf(nil), nil)
	if err != nil || !p.Builtin || p.Dialect != "trello" {
		t.Fatalf("Resolve(sandbox) = %+v, %v", p, err)
	}
}

func TestAConfigFileWithoutADefaultNeedsAChoice(t *testing.T) {
	f, _ := Load(writeConfig(t, strings.Replace(twoProfiles, "profile: work\n", "", 1)))
	if _, err := f.Select("", envOf(nil)); err == nil || !strings.Contains(withHint(err), "--profile") {
		t.Fatalf("Select = %v; want an error naming --profile", err)
	}
}

func TestResolveAppliesEnvironmentOverrides(t *testing.T) {
	f, _ := Load(writeConfig(t, twoProfiles))
	p, err := f.Resolve("work", envOf(map[string]string{"HOOKCTL_TOKEN": "token-from-env", "HOOKCTL_BASE_URL": "http://127.0.0.1:9/1"}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Get("token") != "token-from-env" || p.Get("key") != "key-from-file" || p.BaseURL != "http://127.0.0.1:9/1" {
		t.Fatalf("resolved %+v", p)
	}
	if got := strings.Join(p.Secrets(), ","); got != "key-from-file,token-from-env" {
		t.Errorf("Secrets() = %s", got)
	}
}

func TestAFileProfileWinsOverTheBuiltinOfTheSameName(t *testing.T) {
	f, _ := Load(writeConfig(t, "profiles:\n  sandbox:\n    dialect: supportbee\n    company: mine\n"))
	p, err := f.Resolve("sandbox", envOf(nil), nil)
	if err != nil || p.Builtin || p.Dialect != "supportbee" {
		t.Fatalf("Resolve(sandbox) = %+v, %v", p, err)
	}
}

func TestResolveErrors(t *testing.T) {
	f, _ := Load(writeConfig(t, twoProfiles))
	if _, err := f.Resolve("nope", envOf(nil), nil); err == nil || !strings.Contains(err.Error(), "profiles: helpdesk, sandbox") {
		t.Errorf("unknown profile: %v", err)
	}
	if _, err := f.Resolve("bad.name", envOf(nil), nil); err == nil || !strings.Contains(err.Error(), "letters, digits") {
		t.Errorf("dotted name: %v", err)
	}
	bad, _ := Load(writeConfig(t, "profiles:\n  x:\n    colour: blue\n"))
	if _, err := bad.Resolve("x", envOf(nil), nil); err == nil || !strings.Contains(err.Error(), `:3: profile x: colour: unknown key "colour"`) {
		t.Errorf("unknown key: %v", err)
	}
	if _, err := Load(writeConfig(t, "profiles: [unclosed")); err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("bad YAML: %v", err)
	}
}

func TestInsecureModeWarnsOnlyWithSecrets(t *testing.T) {
	p := writeConfig(t, twoProfiles)
	os.Chmod(p, 0o644)
	f, _ := Load(p)
	if !f.InsecureMode() {
		t.Error("a 0644 file with tokens should warn")
	}
	p2 := writeConfig(t, "profiles:\n  x:\n    dialect: trello\n")
	os.Chmod(p2, 0o644)
	f2, _ := Load(p2)
	if f2.InsecureMode() {
		t.Error("a file with no secret should not warn")
	}
}

// withHint is an error's message and, for a config Error, its fix.
func withHint(err error) string {
	var ce *Error
	if errors.As(err, &ce) {
		return err.Error() + "\nhint: " + ce.Hint()
	}
	return err.Error()
}

func TestLoadFromRefusesAMissingFileNamedOnPurpose(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such.yaml")
	for _, from := range []string{FromFlag, FromEnv} {
		_, err := LoadFrom(missing, from)
		var ce *Error
		if !errors.As(err, &ce) || ce.Path != missing || !strings.Contains(err.Error(), "no such file") {
			t.Errorf("LoadFrom(missing, %s) = %v; want a config error naming the file", from, err)
		}
	}
	f, err := LoadFrom(missing, FromDefault)
	if err != nil || f.Exists {
		t.Errorf("LoadFrom(missing default) = %+v, %v; want an empty file", f, err)
	}
}

func TestConfigErrorsNameTheLineAndTheFix(t *testing.T) {
	for _, tc := range []struct {
		name, body, profile string
		line                int
		msg, fix            string
	}{
		{"bad YAML", "profile: w\nprofiles:\n  w:\n    dialect: trello\n   key: x\n", "", 5, "not valid YAML", "indented"},
		{"tab", "profiles:\n\tw: {}\n", "", 2, "not valid YAML", "not tabs"},
		{"deeper", "profiles:\n  w:\n    dialect: trello\n      key: x\n", "", 4, "not valid YAML", "indented"},
		{"not a mapping", "- a\n- b\n", "", 1, "not a mapping", "profiles:"},
		{"unknown key", "profiles:\n  w:\n    dialect: trello\n    tokn: y\n", "w", 4, `unknown key "tokn"`, "did you mean token?"},
		{"unknown dialect", "profiles:\n  w:\n    key: x\n    dialect: trelo\n", "w", 4, `unknown dialect "trelo"`, "did you mean trello?"},
		{"no dialect", "profiles:\n  w:\n    key: x\n", "w", 2, "no dialect", "dialect: NAME"},
		{"profile not a mapping", "profiles:\n  w: 3\n", "", 2, "not a mapping of keys", "indent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeConfig(t, tc.body)
			f, err := Load(path)
			if err == nil {
				_, err = f.Resolve(tc.profile, envOf(nil), nil)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a config Error", err)
			}
			if ce.Path != path || ce.Line != tc.line || !strings.Contains(ce.Msg, tc.msg) || !strings.Contains(ce.Fix, tc.fix) {
				t.Errorf("got %s (line %d)\nhint: %s\nwant line %d, %q, fix %q", err, ce.Line, ce.Fix, tc.line, tc.msg, tc.fix)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("message spans lines: %q", err)
			}
		})
	}
}

func TestAnEnvironmentDialectIsBlamedOnTheVariable(t *testing.T) {
	f, _ := Load(writeConfig(t, twoProfiles))
	_, err := f.Resolve("work", envOf(map[string]string{"HOOKCTL_DIALECT": "nope"}), nil)
	var ce *Error
	if !errors.As(err, &ce) || ce.Key != "HOOKCTL_DIALECT" || ce.Path != "" {
		t.Fatalf("Resolve = %v; want the variable named", err)
	}
}

func TestCheckCAFile(t *testing.T) {
	path := writeConfig(t, "profiles:\n  w:\n    dialect: trello\n    ca-file: /no/such/ca.pem\n")
	f, _ := Load(path)
	p, err := f.Resolve("w", envOf(nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = f.CheckCAFile(p)
	var ce *Error
	if !errors.As(err, &ce) || ce.Line != 4 || !strings.Contains(err.Error(), "/no/such/ca.pem") || ce.Key != KeyCAFile {
		t.Fatalf("CheckCAFile = %v", err)
	}
	junk := filepath.Join(t.TempDir(), "junk.pem")
	os.WriteFile(junk, []byte("not a certificate"), 0o600)
	p.CAFile = junk
	if err := f.CheckCAFile(p); err == nil || !strings.Contains(err.Error(), "no PEM certificate") {
		t.Fatalf("junk CA: %v", err)
	}
}

func TestResolveRecordsOrigins(t *testing.T) {
	f, _ := Load(writeConfig(t, twoProfiles))
	p, err := f.Resolve("work", envOf(map[string]string{"HOOKCTL_TOKEN": "t"}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Origin["key"] != OriginFile || p.Origin["token"] != "env HOOKCTL_TOKEN" || p.Origin["company"] != "" {
		t.Errorf("origins %v", p.Origin)
	}
	b, _ := f.Resolve("sandbox", envOf(nil), nil)
	if b.Origin["token"] != OriginBuiltin {
		t.Errorf("built-in origins %v", b.Origin)
	}
}

func TestBaseURLPasswordIsASecret(t *testing.T) {
	p := Profile{Dialect: "trello", BaseURL: "https://me:pa%20ss%2Fword@proxy.example/1"}
	_ = p.Set("token", "tok-value")
	got := strings.Join(p.Secrets(), ",")
	if !strings.Contains(got, "pa ss/word") || !strings.Contains(got, "pa%20ss%2Fword") {
		t.Errorf("Secrets() = %q", got)
	}
	if d := p.Display(KeyBaseURL); strings.Contains(d, "ss/word") || !strings.Contains(d, "me:****") {
		t.Errorf("Display(base-url) = %q", d)
	}
}

// A key's Env fallbacks (from its dialect's descriptor) apply only when
// neither the file nor HOOKCTL_<KEY> sets it, in their order.
func TestResolveReadsTheDialectsEnvironmentFallbacks(t *testing.T) {
	cfg := "profiles:\n  gh:\n    dialect: github\n    repo: o/r\n  tr:\n    dialect: trello\n    key: k\n"
	f, _ := Load(writeConfig(t, cfg))
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"GITHUB_TOKEN": "from-github-token"}, "from-github-token"},
		{map[string]string{"GH_TOKEN": "from-gh", "GITHUB_TOKEN": "from-github-token"}, "from-gh"},
		{map[string]string{"HOOKCTL_TOKEN": "from-hookctl", "GH_TOKEN": "from-gh"}, "from-hookctl"},
		// Only spaces: unset, as an empty variable is.
		{map[string]string{"GH_TOKEN": " \t ", "GITHUB_TOKEN": "from-github-token"}, "from-github-token"},
		{map[string]string{"HOOKCTL_TOKEN": "  ", "GH_TOKEN": "from-gh"}, "from-gh"},
	} {
		p, err := f.Resolve("gh", envOf(tt.env), nil)
		if err != nil || p.Get("token") != tt.want {
			t.Errorf("env %v: token %q, %v; want %q", tt.env, p.Get("token"), err, tt.want)
		}
	}
	// Another dialect's fallbacks are not read.
	p, _ := f.Resolve("tr", envOf(map[string]string{"GH_TOKEN": "from-gh"}), nil)
	if p.Get("token") != "" {
		t.Errorf("a trello profile read GH_TOKEN: %q", p.Get("token"))
	}
}
