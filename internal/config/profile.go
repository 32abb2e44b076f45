// Package config loads hookctl's profiles: where the file is, which
// profile is chosen, environment overrides, built-in sandbox profiles, and
// saving with safe permissions.
package config

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
)

// Profile keys every dialect shares, as written in the config file. The
// dialects' own keys come from their descriptors (pkg/dialect).
const (
	KeyDialect   = "dialect"
	KeyBaseURL   = spec.KeyBaseURL
	KeyCAFile    = "ca-file"
	KeyRateLimit = "rate-limit"
	// KeySecret is the signing secret of the profile's webhooks, which
	// any profile may set (a dialect that signs with a per-webhook token,
	// or a Standard Webhooks whsec_ key, reads it too).
	KeySecret = "secret"
)

// Keys() lists every profile key, in the order `profile show` prints them:
// dialect, base-url, each dialect's own keys in registry order, then the
// common ones. It reads the registry, so it is asked for only where a
// profile is read, never at start-up.
func Keys() []string {
	names, _ := dialect.KeyNames()
	out := []string{KeyDialect, KeyBaseURL}
	seen := map[string]bool{KeyDialect: true, KeyBaseURL: true, KeyCAFile: true, KeyRateLimit: true}
	// secret is common; it sits with the dialects' keys that name it.
	for _, k := range names {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	if !seen[KeySecret] {
		out = append(out, KeySecret)
	}
	return append(out, KeyCAFile, KeyRateLimit)
}

// SecretKeys are the keys whose values are credentials (a key any dialect
// marks secret): kept in the keyring when one works, masked by `profile
// show`, scrubbed from every output.
func SecretKeys() []string {
	_, secret := dialect.KeyNames()
	out := []string{KeySecret}
	for _, k := range secret {
		if k != KeySecret {
			out = append(out, k)
		}
	}
	return out
}

// IsSecret reports whether key holds a credential.
func IsSecret(key string) bool {
	for _, k := range SecretKeys() {
		if k == key {
			return true
		}
	}
	return false
}

// Profile is one resolved profile: file values, then keyring secrets, then
// HOOKCTL_<KEY> overrides, then the dialect's own environment fallbacks.
// The keys every dialect shares are fields; the dialect's own keys are
// values read with Get.
type Profile struct {
	Name      string
	Dialect   string
	BaseURL   string
	CAFile    string
	RateLimit string
	// Builtin marks the built-in sandbox profiles, served in-process.
	Builtin bool
	// Origin says where each set key's value came from: OriginFile,
	// OriginKeyring, OriginBuiltin, or "env HOOKCTL_<KEY>".
	Origin map[string]string
	// vals holds the dialect's own keys.
	vals map[string]string
}

// Get returns the value of a profile key.
func (p *Profile) Get(key string) string {
	if f := p.field(key); f != nil {
		return *f
	}
	return p.vals[key]
}

// Set sets a profile key; unknown keys are an error.
func (p *Profile) Set(key, value string) error {
	if f := p.field(key); f != nil {
		*f = value
		return nil
	}
	if !knownKey(key) {
		return fmt.Errorf("unknown profile key %q (keys: %s)", key, strings.Join(Keys(), ", "))
	}
	if p.vals == nil {
		p.vals = map[string]string{}
	}
	p.vals[key] = value
	return nil
}

func knownKey(key string) bool {
	for _, k := range Keys() {
		if k == key {
			return true
		}
	}
	return false
}

func (p *Profile) field(key string) *string {
	switch key {
	case KeyDialect:
		return &p.Dialect
	case KeyBaseURL:
		return &p.BaseURL
	case KeyCAFile:
		return &p.CAFile
	case KeyRateLimit:
		return &p.RateLimit
	}
	return nil
}

// Values returns the profile's settings as the dialect's Open reads them.
func (p *Profile) Values() spec.Values {
	v := spec.Values{}
	for _, k := range Keys() {
		if s := p.Get(k); s != "" {
			v[k] = s
		}
	}
	return v
}

// Secrets returns the profile's credential values, for redaction: the
// secret keys and a password in base-url's user information (also as the
// URL writes it, escaped).
func (p *Profile) Secrets() []string {
	var out []string
	for _, k := range SecretKeys() {
		if v := p.Get(k); v != "" {
			out = append(out, v)
		}
	}
	if pw := URLPassword(p.BaseURL); pw != "" {
		out = append(out, pw)
		if esc := url.PathEscape(pw); esc != pw {
			out = append(out, esc)
		}
		if esc := url.QueryEscape(pw); esc != pw {
			out = append(out, esc)
		}
	}
	return out
}

// Display is the value of key for display: a secret masked, and a password
// in base-url masked.
func (p *Profile) Display(key string) string {
	v := p.Get(key)
	switch {
	case IsSecret(key):
		return Mask(v)
	case key == KeyBaseURL:
		return MaskURL(v)
	}
	return v
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
