package config

import (
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect"
)

func TestSandboxProfilesYAML(t *testing.T) {
	got := SandboxProfilesYAML("http://127.0.0.1:8080", nil)
	want := `profiles:
  local-trello:
    dialect: trello
    base-url: http://127.0.0.1:8080/trello/1
    key: sandbox-key
    token: sandbox-token
  local-supportbee:
    dialect: supportbee
    base-url: http://127.0.0.1:8080/supportbee
    company: sandbox
    auth-token: sandbox-token
  local-entrust:
    dialect: entrust
    base-url: http://127.0.0.1:8080/entrust
    application-id: sandbox-app
    shared-secret: sandbox-secret
  local-github:
    dialect: github
    base-url: http://127.0.0.1:8080/github
    repo: sandbox/hooks
    token: sandbox-token
`
	if !strings.HasPrefix(got, want) {
		t.Fatalf("ProfilesYAML:\n%s\nwant first:\n%s", got, want)
	}
	for _, d := range dialect.All() {
		if !strings.Contains(got, "\n  local-"+d.Name+":\n    dialect: "+d.Name+"\n") {
			t.Errorf("ProfilesYAML has no profile of the %s dialect", d.Name)
		}
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
