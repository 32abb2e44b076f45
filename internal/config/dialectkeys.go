package config

import (
	"fmt"
	"strings"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
)

// Field is one key a dialect's profile uses, as its descriptor gives it.
type Field = spec.Key

// Dialects() whose profile keys ProfileKeys knows, in the order the form
// offers them: the registry's.
func Dialects() []string { return dialect.Names() }

// ProfileKeys returns the keys of the dialect's profile, in the order
// `profile add` asks for them, from the dialect's descriptor. It returns nil
// for an unknown dialect.
func ProfileKeys(name string) []Field {
	d, err := dialect.Lookup(name)
	if err != nil {
		return nil
	}
	return d.Keys
}

// CommonKeys are the keys any profile may set besides its dialect's own.
var CommonKeys = []string{KeyCAFile, KeyRateLimit, KeySecret}

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
		if f.Name == key {
			return true
		}
	}
	return false
}

// DialectKeyNames lists the keys a profile of the dialect may set, for
// error messages.
func DialectKeyNames(dialect string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range ProfileKeys(dialect) {
		out = append(out, f.Name)
		seen[f.Name] = true
	}
	for _, k := range CommonKeys {
		if !seen[k] {
			out = append(out, k)
		}
	}
	return out
}

// Missing returns the required fields of the dialect that keys lacks (a key
// is present when get returns a non-empty value).
func Missing(name string, get func(key string) string) []Field {
	d, err := dialect.Lookup(name)
	if err != nil {
		return nil
	}
	v := spec.Values{}
	for _, k := range d.Keys {
		v[k.Name] = get(k.Name)
	}
	return d.Missing(v)
}

// CheckDialect reports an unknown dialect name.
func CheckDialect(dialect string) error {
	if ProfileKeys(dialect) == nil {
		return fmt.Errorf("unknown dialect %q (dialects: %s)", dialect, strings.Join(Dialects(), ", "))
	}
	return nil
}

// Conflict returns the first pair of keys of the dialect that are both
// set although one excludes the other (a github profile's repo and org),
// or ok false.
func Conflict(dialect string, get func(string) string) (a, b string, ok bool) {
	for _, f := range ProfileKeys(dialect) {
		if f.Excludes != "" && get(f.Name) != "" && get(f.Excludes) != "" {
			return f.Name, f.Excludes, true
		}
	}
	return "", "", false
}
