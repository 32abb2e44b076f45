package config

import (
	"fmt"
	"strings"
)

// Field is one key a dialect's profile uses, as `profile add` asks for it.
type Field struct {
	// Key is the profile key (e.g. "token").
	Key string
	// Label is the question asked for it in the guided form.
	Label string
	// Help is the longer explanation shown on `?` in the form.
	Help string
	// Required marks a key the dialect cannot work without.
	Required bool
	// Default says what an empty answer means, for optional keys.
	Default string
	// Unless names another key whose presence makes this one optional
	// (SupportBee's company is not needed when base-url is set).
	Unless string
}

// Secret reports whether the field holds a credential.
func (f Field) Secret() bool { return IsSecret(f.Key) }

// Dialects whose profile keys ProfileKeys knows, in the order the form offers them.
var Dialects = []string{"trello", "supportbee", "entrust", "github"}

// ProfileKeys is the one table of which keys each dialect's profile has, in
// the order `profile add` asks for them. It returns nil for an unknown dialect.
func ProfileKeys(dialect string) []Field {
	switch dialect {
	case "trello":
		return []Field{
			{Key: KeyKey, Label: "API key", Required: true, Help: "your Trello API key, from https://trello.com/power-ups/admin"},
			{Key: KeyToken, Label: "API token", Required: true, Help: "a Trello token authorised for that key"},
			{Key: KeySecret, Label: "App secret", Help: "the app secret that signs deliveries (X-Trello-Webhook); only needed to sign or verify them"},
			{Key: KeyBaseURL, Label: "Base URL", Default: "https://api.trello.com/1", Help: "only for a proxy or the sandbox"},
		}
	case "supportbee":
		return []Field{
			{Key: KeyCompany, Label: "Company (NAME in NAME.supportbee.com; empty to give a base URL)", Required: true, Unless: KeyBaseURL, Help: "your help desk's subdomain; leave it empty to give a base URL instead"},
			{Key: KeyBaseURL, Label: "Base URL", Default: "https://COMPANY.supportbee.com", Help: "only for a proxy, the sandbox, or without a company name"},
			{Key: KeyAuthToken, Label: "API token", Required: true, Help: "an agent's API token, from Settings → API Token"},
		}
	case "entrust":
		return []Field{
			{Key: KeyBaseURL, Label: "Base URL (https://TENANT.us.trustedauth.com)", Required: true, Help: "your Entrust IDaaS tenant's URL"},
			{Key: KeyApplicationID, Label: "Application ID", Required: true, Help: "the Administration API application's id"},
			{Key: KeySharedSecret, Label: "Shared secret", Required: true, Help: "the Administration API application's shared secret"},
		}
	case "github":
		return []Field{
			{Key: KeyRepo, Label: "Repository (OWNER/NAME; empty for an organization)", Required: true, Unless: KeyOrg, Help: "the repository whose hooks to manage; leave it empty to give an organization"},
			{Key: KeyOrg, Label: "Organization", Default: "none", Help: "the organization whose hooks to manage, instead of a repository"},
			{Key: KeyToken, Label: "Token", Default: "GH_TOKEN, else GITHUB_TOKEN", Help: "a token with admin:repo_hook (admin:org_hook for an organization)"},
			{Key: KeySecret, Label: "Webhook secret", Help: "the secret that signs deliveries (X-Hub-Signature-256); only needed to verify or sign them"},
			{Key: KeyBaseURL, Label: "Base URL", Default: "https://api.github.com", Help: "GitHub Enterprise Server: https://HOST/api/v3"},
		}
	}
	return nil
}

// CommonKeys are the keys any profile may set besides its dialect's own.
var CommonKeys = []string{KeyCAFile, KeyRateLimit}

// AllowedKey reports whether a profile of the dialect may set key.
func AllowedKey(dialect, key string) bool {
	if key == KeyDialect {
		return true
	}
	for _, k := range CommonKeys {
		if k == key {
			return true
		}
	}
	for _, f := range ProfileKeys(dialect) {
		if f.Key == key {
			return true
		}
	}
	return false
}

// DialectKeyNames lists the keys a profile of the dialect may set, for
// error messages.
func DialectKeyNames(dialect string) []string {
	var out []string
	for _, f := range ProfileKeys(dialect) {
		out = append(out, f.Key)
	}
	return append(out, CommonKeys...)
}

// Missing returns the required fields of the dialect that keys lacks (a key
// is present when get returns a non-empty value).
func Missing(dialect string, get func(key string) string) []Field {
	var out []Field
	for _, f := range ProfileKeys(dialect) {
		if f.Required && get(f.Key) == "" && (f.Unless == "" || get(f.Unless) == "") {
			out = append(out, f)
		}
	}
	return out
}

// CheckDialect reports an unknown dialect name.
func CheckDialect(dialect string) error {
	if ProfileKeys(dialect) == nil {
		return fmt.Errorf("unknown dialect %q (dialects: %s)", dialect, strings.Join(Dialects, ", "))
	}
	return nil
}
