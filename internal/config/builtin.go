package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
)

// SandboxHost is the host of the built-in profiles' base URLs. They never
// reach the network: the in-process transport serves them.
const SandboxHost = "http://sandbox.hookctl.invalid"

// Builtins returns the built-in sandbox profiles, one per dialect, from
// the dialects' descriptors; the first (the first dialect's) is the one
// used without a config file. A profile of the same name in the config
// file wins over them.
func Builtins() []Profile {
	var out []Profile
	for _, d := range dialect.All() {
		if p, ok := sandboxProfile(d); ok {
			out = append(out, p)
		}
	}
	return out
}

// BuiltinNames returns the built-in sandbox profiles' names and their
// dialects without reading a vendor file (for completion and listings).
func BuiltinNames() (names, dialects []string) { return dialect.SandboxProfiles() }

// SandboxProfile is the built-in profile used when there is no config file.
var SandboxProfile = dialect.First().Sandbox.Profile

func sandboxProfile(d *spec.Descriptor) (Profile, bool) {
	if d.Sandbox.Profile == "" {
		return Profile{}, false
	}
	p := Profile{Name: d.Sandbox.Profile, Builtin: true}
	for k, v := range d.SandboxValues(SandboxHost) {
		_ = p.Set(k, v)
	}
	p.Dialect = d.Name
	return p, true
}

// builtin returns the built-in profile called name, nil when none is.
func builtin(name string) *Profile {
	if d := dialect.BySandboxProfile(name); d != nil {
		if p, ok := sandboxProfile(d); ok {
			return &p
		}
	}
	return nil
}

// noticeMarker is the file, in the state directory, whose presence says the
// built-in sandbox notice was shown there.
const noticeMarker = "sandbox-notice-shown"

// FirstNotice reports whether the built-in sandbox notice is due in the
// state directory dir: true the first time (it leaves a marker file
// there), false after. When the marker cannot be written, the notice is
// always due: better repeated than never seen.
func FirstNotice(dir string) bool {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return true
	}
	fh, err := os.OpenFile(filepath.Join(dir, noticeMarker), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return !errors.Is(err, fs.ErrExist)
	}
	fh.Close()
	return true
}
