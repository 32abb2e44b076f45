package config

import (
	"encoding/json"
	"regexp"
	"strings"
	"sync"

	"github.com/hookctl/hookctl/pkg/dialect"
)

// SandboxProfileName is the name SandboxProfilesYAML gives the profile of a
// dialect: "local-trello", "local-supportbee", … They differ from the
// built-in sandbox profiles (sandbox, sandbox-supportbee, …), which talk to
// an in-process emulator, so that pasting them shadows nothing.
func SandboxProfileName(dialect string) string { return "local-" + dialect }

// SandboxConfigYAML returns a ready-to-use config file for a sandbox served
// at root: a `profile:` line naming the first served dialect's profile as
// the default, then SandboxProfilesYAML.
func SandboxConfigYAML(root string, dialects []string) string {
	block := SandboxProfilesYAML(root, dialects)
	_, rest, _ := strings.Cut(block, "\n  ")
	first, _, ok := strings.Cut(rest, ":\n")
	if !ok {
		return block
	}
	return "profile: " + first + "\n" + block
}

// SandboxProfilesYAML returns a ready-to-paste YAML `profiles:` block with
// one profile per dialect that has a sandbox emulator (all when dialects is
// empty; unknown names are skipped), each with its dialect, its base-url
// under root and the values of the dialect's descriptor's built-in sandbox
// profile that the dialect requires (its credentials) or would otherwise
// read from the environment (GitHub's token from GH_TOKEN: the wrong one
// for the sandbox), in the order of its keys.
func SandboxProfilesYAML(root string, dialects []string) string {
	want := map[string]bool{}
	for _, d := range dialects {
		want[strings.ToLower(strings.TrimSpace(d))] = true
	}
	var b strings.Builder
	b.WriteString("profiles:\n")
	for _, d := range dialect.All() {
		if d.Sandbox.Emulator == nil || len(dialects) > 0 && !want[d.Name] {
			continue
		}
		v := d.SandboxValues(root)
		b.WriteString("  " + SandboxProfileName(d.Name) + ":\n")
		kv := func(k, v string) { b.WriteString("    " + k + ": " + yamlScalar(v) + "\n") }
		kv(KeyDialect, d.Name)
		kv(KeyBaseURL, v.Get(KeyBaseURL))
		for _, k := range d.Keys {
			if (k.Required || len(k.Env) > 0) && k.Name != KeyBaseURL && v.Get(k.Name) != "" {
				kv(k.Name, v.Get(k.Name))
			}
		}
	}
	return b.String()
}

var plainYAML = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/:@%+\-\[\]]*$`) })

// yamlScalar writes s plain when that is unambiguous, else double-quoted
// (a JSON string is a valid YAML double-quoted scalar).
func yamlScalar(s string) string {
	if plainYAML().MatchString(s) && !strings.Contains(s, ": ") && !strings.Contains(s, " #") {
		switch strings.ToLower(s) {
		case "true", "false", "yes", "no", "on", "off", "null", "~":
		default:
			return s
		}
	}
	q, _ := json.Marshal(s)
	return string(q)
}
