package webhook_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// fuzzSchemas are every dialect's.
var fuzzSchemas = func() []*webhook.Schema {
	var out []*webhook.Schema
	for _, d := range dialect.All() {
		out = append(out, d.Schema)
	}
	return out
}()

// FuzzParseField parses any value for any field name of every dialect (what
// set-field and --flag values go through): never a panic, and a failure is a
// one-line validation error (exit 2).
func FuzzParseField(f *testing.F) {
	for _, seed := range [][2]string{
		{"url", "https://example.com/hook"}, {"active", "TRUE"}, {"active", "maybe"},
		{"model", "5abbe4b7ddc1b351ef961415"}, {"events", "user.created,user.deleted"},
		{"description", strings.Repeat("x", 16385)}, {"callbackURL", "http://[::1"}, {"enabled", ""},
		{"name", "\x00\n"}, {"idModel", "zz"}, {"id", "1"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		for _, s := range fuzzSchemas {
			field, err := s.LookupField(name)
			if err != nil {
				checkOneLine(t, err)
				continue
			}
			c, err := s.ParseField(field, value)
			if err != nil {
				checkOneLine(t, err)
				continue
			}
			if err := s.Validate(c, false, false); err != nil {
				checkOneLine(t, err)
			}
		}
	})
}

// FuzzValidate checks any create or update, and any id, against every
// dialect's rules: never a panic; errors are validation errors, one line.
func FuzzValidate(f *testing.F) {
	f.Add("https://example.com/hook", "d", "5abbe4b7ddc1b351ef961415", "user.created", "5abbe4b7ddc1b351ef961414", true, false)
	f.Add("ftp://x", strings.Repeat("é", 20000), "xyz", "no.such.event", "0b5e8a4e-8f0c-4a5e-9d57-3d1c0a6e2f11", false, true)
	f.Add("", "", "", "", "", false, false)
	f.Add("http://127.0.0.1:8080/x", "\n", "5ABBE4B7DDC1B351EF961415", ",", "../../etc", true, true)
	f.Fuzz(func(t *testing.T, url, desc, model, events, id string, creating, allowUnknown bool) {
		c := webhook.Changes{URL: &url, Description: &desc, Model: &model, Events: strings.Split(events, ",")}
		for _, s := range fuzzSchemas {
			for _, cc := range []webhook.Changes{c, {URL: &url}, {Description: &desc}} {
				if err := s.Validate(cc, creating, allowUnknown); err != nil {
					checkOneLine(t, err)
				}
			}
			if err := s.ValidateID(id); err != nil {
				checkOneLine(t, err)
			}
			if err := s.ValidateURL("--url", url); err != nil {
				checkOneLine(t, err)
			}
		}
		if _, err := webhook.ParseBool("--active", desc); err != nil {
			checkOneLine(t, err)
		}
	})
}

func checkOneLine(t *testing.T, err error) {
	t.Helper()
	if strings.ContainsAny(err.Error(), "\n\r") {
		t.Errorf("error is not one line: %q", err)
	}
	if !errors.Is(err, webhook.ErrValidation) {
		t.Errorf("error is not a validation error (exit 2): %v", err)
	}
}
