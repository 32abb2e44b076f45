// Package config loads hookctl's profiles (SPEC §4): where the file is, which
// profile is chosen, environment overrides, built-in sandbox profiles, and
// saving with safe permissions.
package config

import (
	"fmt"
	"strings"
)

// Profile keys as written in the config file.
const (
	KeyDialect       = "dialect"
	KeyBaseURL       = "base-url"
	KeyKey           = "key"
	KeyToken         = "token"
	KeySecret        = "secret"
	KeyCompany       = "company"
	KeyAuthToken     = "auth-token"
	KeyApplicationID = "application-id"
	KeySharedSecret  = "shared-secret"
	KeyCAFile        = "ca-file"
	KeyRateLimit     = "rate-limit"
	KeyRepo          = "repo"
	KeyOrg           = "org"
)

// Keys lists every profile key, in the order `profile show` prints them.
var Keys = []string{KeyDialect, KeyBaseURL, KeyKey, KeyToken, KeySecret, KeyCompany, KeyAuthToken,
	KeyApplicationID, KeySharedSecret, KeyRepo, KeyOrg, KeyCAFile, KeyRateLimit}

// SecretKeys are the keys whose values are credentials: kept in the keyring
// when one works, masked by `profile show`, scrubbed from every output.
var SecretKeys = []string{KeyKey, KeyToken, KeySecret, KeyAuthToken, KeySharedSecret}

// IsSecret reports whether key holds a credential.
func IsSecret(key string) bool {
	for _, k := range SecretKeys {
		if k == key {
			return true
		}
	}
	return false
}

// Profile is one resolved profile: file values, then keyring secrets, then
// HOOKCTL_<KEY> environment overrides.
type Profile struct {
	Name          string
	Dialect       string
	BaseURL       string
	Key           string
	Token         string
	Secret        string
	Company       string
	AuthToken     string
	ApplicationID string
	SharedSecret  string
	CAFile        string
	RateLimit     string
	// Repo ("OWNER/NAME") or Org names whose hooks a github profile manages.
	Repo string
	Org  string
	// Builtin marks the built-in sandbox profiles, served in-process.
	Builtin bool
}

// Get returns the value of a profile key.
func (p *Profile) Get(key string) string {
	if f := p.field(key); f != nil {
		return *f
	}
	return ""
}

// Set sets a profile key; unknown keys are an error.
func (p *Profile) Set(key, value string) error {
	f := p.field(key)
	if f == nil {
		return fmt.Errorf("unknown profile key %q (keys: %s)", key, strings.Join(Keys, ", "))
	}
	*f = value
	return nil
}

func (p *Profile) field(key string) *string {
	switch key {
	case KeyDialect:
		return &p.Dialect
	case KeyBaseURL:
		return &p.BaseURL
	case KeyKey:
		return &p.Key
	case KeyToken:
		return &p.Token
	case KeySecret:
		return &p.Secret
	case KeyCompany:
		return &p.Company
	case KeyAuthToken:
		return &p.AuthToken
	case KeyApplicationID:
		return &p.ApplicationID
	case KeySharedSecret:
		return &p.SharedSecret
	case KeyCAFile:
		return &p.CAFile
	case KeyRateLimit:
		return &p.RateLimit
	case KeyRepo:
		return &p.Repo
	case KeyOrg:
		return &p.Org
	}
	return nil
}

// Secrets returns the profile's credential values, for redaction.
func (p *Profile) Secrets() []string {
	var out []string
	for _, k := range SecretKeys {
		if v := p.Get(k); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// isNameChar reports whether c may appear in a profile name.
func isNameChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// validName reports whether name is a non-empty run of name characters.
func validName(name string) bool {
	for i := 0; i < len(name); i++ {
		if !isNameChar(name[i]) {
			return false
		}
	}
	return name != ""
}

// ValidateName checks a profile name: letters, digits, - and _ only (viper
// splits keys on dots).
func ValidateName(name string) error {
	if !validName(name) {
		return fmt.Errorf("invalid profile name %q: use letters, digits, - and _ only", name)
	}
	return nil
}
