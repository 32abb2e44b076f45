package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/viper"
)

// Env reads an environment variable; tests pass their own.
type Env func(string) string

// Path is where the config file is: --config, else $HOOKCTL_CONFIG, else
// $XDG_CONFIG_HOME/hookctl/config.yaml, else ~/.config/hookctl/config.yaml.
func Path(flag string, env Env) string {
	if flag != "" {
		return flag
	}
	if p := env("HOOKCTL_CONFIG"); p != "" {
		return p
	}
	return filepath.Join(xdgDir(env, "XDG_CONFIG_HOME", ".config"), "hookctl", "config.yaml")
}

// StateDir is $XDG_STATE_HOME/hookctl (the built-in sandbox's state).
func StateDir(env Env) string {
	return filepath.Join(xdgDir(env, "XDG_STATE_HOME", filepath.Join(".local", "state")), "hookctl")
}

// CacheDir is $XDG_CACHE_HOME/hookctl (completion caches).
func CacheDir(env Env) string {
	return filepath.Join(xdgDir(env, "XDG_CACHE_HOME", ".cache"), "hookctl")
}

func xdgDir(env Env, name, fallback string) string {
	if d := env(name); d != "" {
		return d
	}
	home := env("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, fallback)
}

// File is the config file as read: the default profile and each profile's
// keys. It is a plain value; nothing else holds viper state.
type File struct {
	// Path is where the file is (or would be).
	Path string
	// Exists is false when there is no file at Path.
	Exists bool
	// Mode is the file's permission bits.
	Mode fs.FileMode
	// Default is the `profile:` key.
	Default string
	// Profiles maps a profile name to its keys.
	Profiles map[string]map[string]string
}

// Load reads the config file at path with a fresh viper instance. A missing
// file is not an error: it yields an empty File with Exists false.
func Load(path string) (*File, error) {
	f := &File{Path: path, Profiles: map[string]map[string]string{}}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, errors.Unwrap(err))
	}
	f.Exists, f.Mode = true, st.Mode().Perm()
	v := viper.New()
	v.SetConfigFile(path)
	v.SetConfigType("yaml")
	if err := v.ReadInConfig(); err != nil {
		return nil, fmt.Errorf("config %s is not valid YAML: %s", path, firstLine(err.Error()))
	}
	f.Default = v.GetString("profile")
	for name, raw := range v.GetStringMap("profiles") {
		m, ok := raw.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("config %s: profile %q is not a mapping of keys", path, name)
		}
		keys := map[string]string{}
		for k, val := range m {
			if val == nil {
				continue
			}
			keys[strings.ToLower(k)] = fmt.Sprint(val)
		}
		f.Profiles[name] = keys
	}
	return f, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// Names lists the profiles in the file and the built-in ones, sorted.
func (f *File) Names() []string {
	seen := map[string]bool{}
	var names []string
	for n := range f.Profiles {
		seen[n] = true
		names = append(names, n)
	}
	for _, b := range Builtins {
		if !seen[b.Name] {
			names = append(names, b.Name)
		}
	}
	sort.Strings(names)
	return names
}

// Selection says which profile to use and why.
type Selection struct {
	Name string
	// Notice, when set, is a one-line message for stderr (e.g. that the
	// built-in sandbox is in use because there is no config file).
	Notice string
}

// Select picks the profile: --profile, else $HOOKCTL_PROFILE, else the
// file's `profile:`, else the only profile in the file, else (with no
// config file at all) the built-in sandbox.
func (f *File) Select(flag string, env Env) (Selection, error) {
	switch {
	case flag != "":
		return Selection{Name: flag}, nil
	case env("HOOKCTL_PROFILE") != "":
		return Selection{Name: env("HOOKCTL_PROFILE")}, nil
	case f.Default != "":
		return Selection{Name: f.Default}, nil
	case len(f.Profiles) == 1:
		for n := range f.Profiles {
			return Selection{Name: n}, nil
		}
	case !f.Exists:
		return Selection{Name: SandboxProfile, Notice: "no config file: using the built-in sandbox profile (add a real one with `hookctl profile add NAME`)"}, nil
	}
	return Selection{}, fmt.Errorf("no profile chosen: pass --profile NAME or set `profile:` in %s (profiles: %s)", f.Path, strings.Join(f.Names(), ", "))
}

// Resolve builds the named profile: the file's keys (or the built-in
// profile's), then the secret store, then HOOKCTL_<KEY> overrides.
func (f *File) Resolve(name string, env Env, secrets SecretStore) (Profile, error) {
	if err := ValidateName(name); err != nil {
		return Profile{}, err
	}
	p := Profile{Name: name}
	keys, ok := f.Profiles[strings.ToLower(name)]
	switch {
	case ok:
		for k, v := range keys {
			if k == KeySecretStore {
				continue
			}
			if err := p.Set(k, v); err != nil {
				return Profile{}, fmt.Errorf("profile %q in %s: %w", name, f.Path, err)
			}
		}
	case builtin(name) != nil:
		p = *builtin(name)
	default:
		return Profile{}, fmt.Errorf("no profile %q in %s (profiles: %s)", name, f.Path, strings.Join(f.Names(), ", "))
	}
	// Only a profile whose secrets `profile add` put in the keyring reads
	// it, and only for the keys the environment does not override.
	var keyringErr error
	if secrets != nil && !p.Builtin && keys[KeySecretStore] == SecretStoreKeyring {
		for _, k := range SecretKeys {
			if p.Get(k) != "" || env(EnvName(k)) != "" {
				continue
			}
			v, err := secrets.Get(p.Name, k)
			if err == nil {
				_ = p.Set(k, v)
			} else if errors.Is(err, ErrKeyringUnavailable) {
				keyringErr = err
				break
			}
		}
	}
	for _, k := range Keys {
		if v := env(EnvName(k)); v != "" {
			_ = p.Set(k, v)
		}
	}
	// The dialect's own fallbacks (GitHub's GH_TOKEN) come last.
	for _, k := range ProfileKeys(p.Dialect) {
		for _, e := range k.Env {
			if p.Get(k.Name) != "" {
				break
			}
			if v := env(e); v != "" {
				_ = p.Set(k.Name, v)
			}
		}
	}
	if keyringErr != nil {
		for _, m := range Missing(p.Dialect, p.Get) {
			if m.Secret {
				return Profile{}, fmt.Errorf("profile %q keeps its %s in the OS keyring: %v (set %s, or re-add the profile with --insecure-storage)",
					name, m.Name, keyringErr, EnvName(m.Name))
			}
		}
	}
	return p, nil
}

// UsesKeyring reports whether the named profile in the file keeps its
// secrets in the OS keyring.
func (f *File) UsesKeyring(name string) bool {
	return f.Profiles[strings.ToLower(name)][KeySecretStore] == SecretStoreKeyring
}

// EnvName is the environment variable that overrides a profile key:
// HOOKCTL_ and the key in upper case with - as _.
func EnvName(key string) string {
	return "HOOKCTL_" + strings.ToUpper(strings.ReplaceAll(key, "-", "_"))
}

// SecretStore keeps credentials outside the config file (the OS keyring).
type SecretStore interface {
	Get(profile, key string) (string, error)
	Set(profile, key, value string) error
	Delete(profile, key string) error
}

// InsecureMode reports whether the file is readable by group or others while
// it holds a secret, which deserves a warning.
func (f *File) InsecureMode() bool {
	if !f.Exists || f.Mode&0o077 == 0 {
		return false
	}
	for _, keys := range f.Profiles {
		for _, k := range SecretKeys {
			if keys[k] != "" {
				return true
			}
		}
	}
	return false
}
