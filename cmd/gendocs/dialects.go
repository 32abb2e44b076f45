package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Blocks of the guides that list the dialects are made from the registry,
// so that a new dialect shows there without an edit. Each lies between
//
//	<!-- BEGIN generated: NAME -->
//	<!-- END generated: NAME -->
//
// and is rewritten whole; the rest of the file is left as it is.
var dialectBlocks = []struct{ file, name string }{
	{"docs/configuration.md", "profile-keys"},
	{"docs/configuration.md", "sandbox-profiles"},
	{"docs/webhooks-as-code.md", "fields"},
	{"docs/webhooks-as-code.md", "natural-keys"},
}

func writeDialectBlocks(root string) error {
	for _, b := range dialectBlocks {
		path := filepath.Join(root, filepath.FromSlash(b.file))
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		begin := "<!-- BEGIN generated: " + b.name + " -->"
		end := "<!-- END generated: " + b.name + " -->"
		text := string(data)
		i, j := strings.Index(text, begin), strings.Index(text, end)
		if i < 0 || j < i {
			return fmt.Errorf("%s: no %q … %q block", b.file, begin, end)
		}
		text = text[:i+len(begin)] + "\n" + dialectBlock(b.name) + text[j:]
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func dialectBlock(name string) string {
	var b strings.Builder
	row := func(cells ...string) { b.WriteString("| " + strings.Join(cells, " | ") + " |\n") }
	switch name {
	case "profile-keys":
		row("dialect", "keys", "secret keys", "read from the environment too", "default base URL")
		row("---", "---", "---", "---", "---")
		for _, d := range dialect.All() {
			var keys, secrets, env []string
			for _, k := range d.Keys {
				keys = append(keys, keyText(k))
				if k.Secret {
					secrets = append(secrets, code(k.Name))
				}
				for _, e := range k.Env {
					env = append(env, code("$"+e)+" ("+k.Name+")")
				}
			}
			base := code(d.DefaultBaseURL)
			if d.DefaultBaseURL == "" {
				base = "none: `base-url` is required"
			}
			if d.BaseURLFrom != nil {
				base = "from the other keys (or `base-url`)"
			}
			row(code(d.Name), strings.Join(keys, ", "), orDash(strings.Join(secrets, ", ")), orDash(strings.Join(env, ", ")), base)
		}
	case "sandbox-profiles":
		row("dialect", "built-in profile", "`hookctl sandbox` profile", "credentials it accepts")
		row("---", "---", "---", "---")
		for _, d := range dialect.All() {
			var creds []string
			for _, k := range d.Keys {
				if v := d.Sandbox.Values.Get(k.Name); v != "" {
					creds = append(creds, code(k.Name+": "+v))
				}
			}
			if d.Signing.ProfileKey != "" && d.Sandbox.Values.Get(d.Signing.ProfileKey) == "" {
				creds = append(creds, "any "+code(d.Signing.ProfileKey))
			}
			row(code(d.Name), code(d.Sandbox.Profile), code(config.SandboxProfileName(d.Name)), strings.Join(creds, ", "))
		}
	case "fields":
		head := []string{"field"}
		for _, d := range dialect.All() {
			head = append(head, d.Name)
		}
		row(append(head, "required by")...)
		row(strings.Split(strings.Repeat("---,", len(head)+1), ",")[:len(head)+1]...)
		for _, name := range []string{webhook.FieldURL, webhook.FieldDescription, webhook.FieldModel, webhook.FieldEvents, webhook.FieldActive} {
			cells := []string{code(name)}
			var required []string
			for _, d := range dialect.All() {
				f, ok := field(d, name)
				switch {
				case !ok:
					cells = append(cells, "—")
					continue
				case f.Native != "":
					cells = append(cells, code(f.Native))
				default:
					cells = append(cells, code(name))
				}
				if f.Required {
					required = append(required, d.Name)
				}
			}
			row(append(cells, orDash(strings.Join(required, ", ")))...)
		}
	case "natural-keys":
		row("dialect", "natural key")
		row("---", "---")
		for _, d := range dialect.All() {
			keys := make([]string, len(d.Schema.KeyFields))
			for i, k := range d.Schema.KeyFields {
				keys[i] = code(k)
			}
			row(d.Name, strings.Join(keys, " + "))
		}
	}
	return b.String()
}

// keyText is a profile key as the table shows it: required keys bold; a
// key required unless another is set names that other.
func keyText(k spec.Key) string {
	s := code(k.Name)
	switch {
	case k.Required && k.Unless != "":
		s += " (or " + code(k.Unless) + ")"
	case k.Required:
		s = "**" + s + "**"
	}
	return s
}

func field(d *spec.Descriptor, name string) (webhook.Field, bool) {
	for _, f := range d.Schema.Fields {
		if f.Name == name && !f.Setting {
			return f, true
		}
	}
	return webhook.Field{}, false
}

func code(s string) string { return "`" + s + "`" }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
