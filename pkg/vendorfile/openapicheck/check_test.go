package openapicheck_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/vendorfile/openapicheck"
)

// parse reads testdata/acme.yaml with the replacements made (old, new,
// old, new, …), written beside the description so that openapi: resolves.
func parse(t *testing.T, replace ...string) *vendorfile.File {
	t.Helper()
	data, err := os.ReadFile("testdata/acme.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(s, replace[i]) {
			t.Fatalf("testdata/acme.yaml has no %q", replace[i])
		}
		s = strings.Replace(s, replace[i], replace[i+1], 1)
	}
	dir := t.TempDir()
	spec, _ := os.ReadFile("testdata/acme-openapi.yaml")
	if err := os.WriteFile(filepath.Join(dir, "acme-openapi.yaml"), spec, 0o600); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "acme.yaml")
	f, err := vendorfile.Parse(p, []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func check(t *testing.T, f *vendorfile.File) []string {
	t.Helper()
	probs, err := openapicheck.CheckFile(f, openapicheck.OpenAPIPath(f))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range probs {
		out = append(out, strings.TrimPrefix(p.Error(), f.Source))
	}
	return out
}

func TestAgreeingFileIsClean(t *testing.T) {
	if got := check(t, parse(t)); len(got) != 0 {
		t.Errorf("problems in a file that agrees with its description:\n%s", strings.Join(got, "\n"))
	}
}

// A file that disagrees with the description is caught, one line for each
// mismatch, with the line and key of the file that is wrong.
func TestDisagreeingFile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		replace []string
		want    []string
	}{
		{"a path the API does not have", []string{`path: "/hooks/{id}"` + "\n  item: hook\ncreate", `path: "/webhooks/{id}"` + "\n  item: hook\ncreate"},
			[]string{`:17: get.path: /webhooks/{id} is not a path of acme-openapi.yaml`}},
		{"a method the path does not take", []string{"method: PATCH", "method: PUT"},
			[]string{`:26: update.method: PUT /hooks/{hook_id} is not in acme-openapi.yaml (it has DELETE, GET, PATCH)`}},
		{"a field the request schema lacks", []string{"label\n", "name\n"},
			[]string{
				`:36: fields.description: name is not in a listed item of GET /hooks (listHooks)`,
				`:36: fields.description: name is not in the answer of GET /hooks/{hook_id} (getHook)`,
				`:36: fields.description: hook.name is not in the request schema of POST /hooks (createHook)`,
				`:36: fields.description: name is not in the answer of POST /hooks (createHook)`,
				`:36: fields.description: hook.name is not in the request schema of PATCH /hooks/{hook_id} (updateHook)`,
				`:36: fields.description: name is not in the answer of PATCH /hooks/{hook_id} (updateHook)`,
			}},
		{"a default the request schema lacks", []string{"{format: json}", "{format: json, retries: 3}"},
			[]string{`:24: create.defaults.retries: hook.retries is not in the request schema of POST /hooks (createHook)`}},
		{"a setting the update cannot write", []string{`metadata: "metadata.*"`, `color: "colour"`},
			[]string{`:41: settings.color: hook.colour is not in the request schema of PATCH /hooks/{hook_id} (updateHook)`}},
		{"a response path the answer lacks", []string{"items: data", "items: hooks"},
			[]string{`:13: list.items: hooks is not in the answer of GET /hooks (listHooks)`}},
		{"a cursor the answer lacks", []string{"cursor: next", "cursor: meta.next"},
			[]string{`:14: list.page.cursor: meta.next is not in the answer of GET /hooks (listHooks)`}},
		{"an item wrapped where the answer is not", []string{"item: hook\ncreate", "item: webhook\ncreate"},
			[]string{`:18: get.item: webhook is not in the answer of GET /hooks/{hook_id} (getHook)`}},
		{"an error message where the errors have none", []string{"message: [error.message]", "message: [errors.0.detail, message]"},
			[]string{`:43: errors.message: none of errors.0.detail, message is in the error answers acme-openapi.yaml describes`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := check(t, parse(t, tc.replace...))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestUnreadableDescription(t *testing.T) {
	f := parse(t)
	bad := filepath.Join(t.TempDir(), "bad.json")
	_ = os.WriteFile(bad, []byte(`{"openapi": 3`), 0o600)
	for _, spec := range []string{bad, filepath.Join(t.TempDir(), "missing.json")} {
		if _, err := openapicheck.CheckFile(f, spec); err == nil || !strings.Contains(err.Error(), filepath.Base(spec)) {
			t.Errorf("%s: %v", spec, err)
		}
	}
}
