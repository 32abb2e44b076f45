package sandbox

import (
	"encoding/json"
	"regexp"
	"strings"
	"sync"
)

// ProfileName returns the name ProfilesYAML gives the profile of a dialect:
// "sandbox-trello", "sandbox-supportbee" or "sandbox-entrust".
func ProfileName(dialect string) string { return "sandbox-" + dialect }

// ProfilesYAML returns a ready-to-paste YAML `profiles:` block with one
// profile per dialect (all when dialects is empty; unknown names are
// skipped), each with its dialect, base-url under root and the credentials
// the sandbox accepts.
func ProfilesYAML(root string, dialects []string) string {
	want := map[string]bool{}
	for _, d := range dialects {
		want[strings.ToLower(strings.TrimSpace(d))] = true
	}
	var b strings.Builder
	b.WriteString("profiles:\n")
	for _, d := range Dialects() {
		if len(dialects) > 0 && !want[d] {
			continue
		}
		b.WriteString("  " + ProfileName(d) + ":\n")
		kv := func(k, v string) { b.WriteString("    " + k + ": " + yamlScalar(v) + "\n") }
		kv("dialect", d)
		kv("base-url", BaseURL(root, d))
		switch d {
		case Trello:
			kv("key", TrelloKey)
			kv("token", TrelloToken)
		case SupportBee:
			kv("company", SupportBeeCompany)
			kv("auth-token", SupportBeeToken)
		case Entrust:
			kv("application-id", EntrustAppID)
			kv("shared-secret", EntrustSecret)
		case GitHub:
			kv("token", GitHubToken)
			kv("repo", GitHubRepo)
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
