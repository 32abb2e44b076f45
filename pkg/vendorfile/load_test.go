package vendorfile

import (
	"errors"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/webhook"
)

const goodFile = `name: acme
title: Acme
base-url: "https://{account}.acme.example"
keys:
  account: {required: true}
  token: {required: true, secret: true}
auth:
  bearer: "{token}"
list: {method: GET, path: /hooks, items: hooks}
create: {method: POST, path: /hooks}
delete: {method: DELETE, path: "/hooks/{id}"}
fields: {id: id, url: url}
errors: {message: [error]}
`

func TestParseGood(t *testing.T) {
	f, err := Parse("acme.yaml", []byte(goodFile))
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "acme" || len(f.Keys) != 2 || f.Keys[0].Name != "account" || f.Keys[1].Name != "token" {
		t.Fatalf("%+v", f)
	}
}

// Each problem is one line naming the file, the line and the key, and is a
// usage error (exit 2).
func TestParseProblems(t *testing.T) {
	cases := []struct {
		name, from, to, want string
	}{
		{"unknown key", "title: Acme\n", "title: Acme\ntitel: Acme\n", "acme.yaml:3: titel: unknown key"},
		{"path names a missing key", `path: "/hooks/{id}"`, `path: "/hooks/{id}/{tenant}"`, "acme.yaml:11: delete.path: {tenant} is not"},
		{"signing variable", "errors:", "signing: {algorithm: hmac-sha256, encoding: hex, message: \"{body}{nonce}\", header: X-Sig}\nerrors:", "signing.message: {nonce} is not one of"},
		{"another host", "path: /hooks, items", "path: //evil.example/hooks, items", "list.path: \"//evil.example/hooks\" must start with one /"},
		{"host is a placeholder", `"https://{account}.acme.example"`, `"https://{account}"`, "base-url: the host must end in the vendor's own domain"},
		{"plain http", `"https://{account}.acme.example"`, `"http://{account}.acme.example"`, "plain http only to a loopback host"},
		{"bad YAML", "keys:\n", "keys: [\n", "acme.yaml:3: not valid YAML"},
		{"wrong kind", "fields: {id: id, url: url}", "fields: [id, url]", "acme.yaml:12:"},
		{"no auth", "auth:\n  bearer: \"{token}\"\n", "", "auth: needs exactly one of"},
		{"event of a call that is not a test", "path: /hooks}", "path: /hooks, event: ping}", "create.event: only a test call sends an event"},
		{"test event not among events", "errors:", "test: {method: POST, path: \"/hooks/{id}/ping\", event: ping}\nevents: [push]\nerrors:", "test.event: \"ping\" is not one of events"},
		{"test event beside {event}", "errors:", "test: {method: POST, path: \"/hooks/{id}/test/{event}\", event: ping}\nerrors:", "test.event: the call names its event ({event})"},
	}
	for _, c := range cases {
		data := strings.Replace(goodFile, c.from, c.to, 1)
		_, err := Parse("acme.yaml", []byte(data))
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %q, want %q", c.name, err, c.want)
		}
		if !errors.Is(err, webhook.ErrValidation) {
			t.Errorf("%s: not a usage error: %v", c.name, err)
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !strings.HasPrefix(line, "acme.yaml") {
				t.Errorf("%s: a line that names no file: %q", c.name, line)
			}
		}
	}
}

func TestQuickKeysMatchesParse(t *testing.T) {
	keys, ok := QuickKeys([]byte(goodFile))
	if !ok || len(keys) != 2 || keys[1].Name != "token" || !keys[1].Secret {
		t.Fatalf("QuickKeys: %+v %v", keys, ok)
	}
	if _, ok := QuickKeys([]byte("{name: x}")); ok {
		t.Fatal("a flow-style file has no keys: block to read alone")
	}
}
