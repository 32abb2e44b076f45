package config

import (
	"strings"
	"testing"
)

func TestSandboxProfilesYAML(t *testing.T) {
	got := SandboxProfilesYAML("http://127.0.0.1:8080", nil)
	want := `profiles:
  sandbox-trello:
    dialect: trello
    base-url: http://127.0.0.1:8080/trello/1
    key: sandbox-key
    token: sandbox-token
  sandbox-supportbee:
    dialect: supportbee
    base-url: http://127.0.0.1:8080/supportbee
    company: sandbox
    auth-token: sandbox-token
  sandbox-entrust:
    dialect: entrust
    base-url: http://127.0.0.1:8080/entrust
    application-id: sandbox-app
    shared-secret: sandbox-secret
  sandbox-github:
    dialect: github
    base-url: http://127.0.0.1:8080/github
    repo: sandbox/hooks
    token: sandbox-token
`
	if got != want {
		t.Fatalf("ProfilesYAML:\n%s\nwant:\n%s", got, want)
	}
	one := SandboxProfilesYAML("http://[::1]:9", []string{"entrust"})
	if strings.Contains(one, "trello") || !strings.Contains(one, "base-url: http://[::1]:9/entrust\n") {
		t.Fatalf("entrust only:\n%s", one)
	}
	if q := SandboxProfilesYAML("http://h/a #b", []string{"trello"}); !strings.Contains(q, `base-url: "http://h/a #b/trello/1"`) {
		t.Fatalf("odd root not quoted:\n%s", q)
	}
}
