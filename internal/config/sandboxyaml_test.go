package config

import (
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect"
)

func TestSandboxProfilesYAML(t *testing.T) {
	got := SandboxProfilesYAML("http://127.0.0.1:8080", nil)
	// One profile per dialect of the registry, in its order: dialect,
	// base-url under the root, then the values its emulator accepts.
	want := "profiles:\n"
	for _, d := range dialect.All() {
		want += "  local-" + d.Name + ":\n    dialect: " + d.Name + "\n    base-url: http://127.0.0.1:8080" + d.Sandbox.Emulator.Prefix() + "\n"
		for _, k := range d.Keys {
			if v := d.Sandbox.Values[k.Name]; v != "" && k.Name != "base-url" && (k.Required || len(k.Env) > 0) {
				want += "    " + k.Name + ": " + v + "\n"
			}
		}
	}
	if got != want {
		t.Fatalf("ProfilesYAML:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(got, "  local-trello:\n    dialect: trello\n    base-url: http://127.0.0.1:8080/trello/1\n    key: sandbox-key\n    token: sandbox-token\n") {
		t.Fatalf("trello's profile:\n%s", got)
	}
	one := SandboxProfilesYAML("http://[::1]:9", []string{"entrust"})
	if strings.Contains(one, "trello") || !strings.Contains(one, "base-url: http://[::1]:9/entrust\n") {
		t.Fatalf("entrust only:\n%s", one)
	}
	if q := SandboxProfilesYAML("http://h/a #b", []string{"trello"}); !strings.Contains(q, `base-url: "http://h/a #b/trello/1"`) {
		t.Fatalf("odd root not quoted:\n%s", q)
	}
}

func TestSandboxConfigYAMLNamesADefault(t *testing.T) {
	all := SandboxConfigYAML("http://127.0.0.1:8080", nil)
	if !strings.HasPrefix(all, "profile: local-trello\nprofiles:\n  local-trello:\n") {
		t.Fatalf("SandboxConfigYAML:\n%s", all)
	}
	one := SandboxConfigYAML("http://127.0.0.1:8080", []string{"supportbee"})
	if !strings.HasPrefix(one, "profile: local-supportbee\nprofiles:\n  local-supportbee:\n") || strings.Contains(one, "trello") {
		t.Fatalf("SandboxConfigYAML(supportbee):\n%s", one)
	}
	for _, b := range Builtins() {
		if strings.Contains(all, "\n  "+b.Name+":\n") {
			t.Errorf("the printed profile %s shadows a built-in one", b.Name)
		}
	}
}
