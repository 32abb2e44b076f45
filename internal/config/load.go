package config

import (
	"bytes"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hookctl/hookctl/internal/suggest"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// Env reads an environment variable; tests pass their own.
type Env func(string) string

// Path is where the config file is: --config, else $HOOKCTL_CONFIG, else
// $XDG_CONFIG_HOME/hookctl/config.yaml, else ~/.config/hookctl/config.yaml.
func Path(flag string, env Env) string {
	p, _ := PathFrom(flag, env)
	return p
}

// Where a config path came from, as PathFrom reports it.
const (
	FromFlag    = "flag --config"
	FromEnv     = "env HOOKCTL_CONFIG"
	FromDefault = "default"
)

// PathFrom is Path and where it came from: FromFlag, FromEnv or
// FromDefault. A file named by the flag or the variable must exist.
func PathFrom(flag string, env Env) (path, from string) {
	if flag != "" {
		return flag, FromFlag
	}
	if p := env("HOOKCTL_CONFIG"); p != "" {
		return p, FromEnv
	}
	return filepath.Join(xdgDir(env, "XDG_CONFIG_HOME", ".config"), "hookctl", "config.yaml"), FromDefault
}

// LoadFrom is Load for a path PathFrom chose: a file named on purpose (by
// --config or $HOOKCTL_CONFIG) that does not exist is an error, never a
// fallback to the built-in sandbox.
func LoadFrom(path, from string) (*File, error) {
	f, err := Load(path)
	if err != nil {
		return nil, err
	}
	f.From = from
	if !f.Exists && from != FromDefault {
		fix := "check the path, or create the file with `hookctl --config " + path + " profile add NAME`"
		if from == FromEnv {
			fix = "check the path in HOOKCTL_CONFIG (unset it to use the default file), or create the file with `hookctl profile add NAME`"
		}
		by := "--config"
		if from == FromEnv {
			by = "$HOOKCTL_CONFIG"
		}
		return nil, &Error{Path: path, Msg: "no such file (named by " + by + ")", Fix: fix}
	}
	return f, nil
}

// VendorDir is where the user's own vendor files are:
// $XDG_CONFIG_HOME/hookctl/vendors, else ~/.config/hookctl/vendors.
func VendorDir(env Env) string {
	return filepath.Join(xdgDir(env, "XDG_CONFIG_HOME", ".config"), "hookctl", "vendors")
}

// StateDir is hookctl's state directory: $XDG_STATE_HOME/hookctl, else
// ~/.local/state/hookctl.
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
	// From says how Path was chosen (FromFlag, FromEnv, FromDefault).
	From string
	// Exists is false when there is no file at Path.
	Exists bool
	// Mode is the file's permission bits.
	Mode fs.FileMode
	// Default is the `profile:` key.
	Default string
	// Profiles maps a profile name to its keys.
	Profiles map[string]map[string]string
	// node is the file's YAML, for the line numbers of errors.
	node *yaml.Node
}

// Line is the line of a profile's key in the file (of the profile itself
// when key is "", of a top-level key when profile is ""), 0 when unknown.
func (f *File) Line(profile, key string) int {
	return keyLine(f.node, profile, key)
}

// errorAt is a configuration Error about a key of a profile in the file.
func (f *File) errorAt(profile, key, msg, fix string) *Error {
	return &Error{Path: f.Path, Line: f.Line(profile, key), Profile: profile, Key: key, Msg: msg, Fix: fix}
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
		return nil, unreadable(path, err)
	}
	f.Exists, f.Mode = true, st.Mode().Perm()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, unreadable(path, err)
	}
	// yaml.v3 first: its errors carry line numbers, and its nodes give the
	// lines of later errors. viper then reads the same bytes.
	var node yaml.Node
	if err := yaml.Unmarshal(data, &node); err != nil {
		return nil, yamlError(path, data, err)
	}
	f.node = &node
	if len(node.Content) > 0 && node.Content[0].Kind != yaml.MappingNode {
		return nil, notAMapping(path, node.Content[0].Line)
	}
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, &Error{Path: path, Msg: "not valid YAML: " + firstLine(err.Error()), Fix: "fix the YAML"}
	}
	f.Default = v.GetString("profile")
	if raw := v.Get("profiles"); raw != nil {
		if _, ok := raw.(map[string]any); !ok {
			return nil, f.errorAt("", "profiles", "not a mapping of profile names to their keys",
				"write each profile under `profiles:` as `NAME:` followed by its keys, indented")
		}
	}
	for name, raw := range v.GetStringMap("profiles") {
		m, ok := raw.(map[string]any)
		if !ok {
			return nil, f.errorAt(name, "", "not a mapping of keys",
				"indent the profile's keys under its name, e.g. `dialect: trello`")
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
	builtins, _ := BuiltinNames()
	for _, b := range builtins {
		if !seen[b] {
			names = append(names, b)
		}
	}
	sort.Strings(names)
	return names
}

// Selection says which profile to use and why.
type Selection struct {
	Name string
	// From says where the choice came from: SelectedBy… constants.
	From string
	// Notice, when set, is a one-line message for stderr (e.g. that the
	// built-in sandbox is in use because there is no config file).
	Notice string
}

// Where a profile choice came from, as Select reports it.
const (
	SelectedByFlag    = "flag --profile"
	SelectedByEnv     = "env HOOKCTL_PROFILE"
	SelectedByFile    = "file (profile:)"
	SelectedByOnly    = "file (its only profile)"
	SelectedByBuiltin = "built-in default (no config file)"
)

// SandboxNotice is the notice that the built-in sandbox is in use because
// there is no config file.
const SandboxNotice = "no config file: using the built-in sandbox profile (add a real one with `hookctl profile add NAME`)"

// Select picks the profile: --profile, else $HOOKCTL_PROFILE, else the
// file's `profile:`, else the only profile in the file, else (with no
// config file at all) the built-in sandbox.
func (f *File) Select(flag string, env Env) (Selection, error) {
	switch {
	case flag != "":
		return Selection{Name: flag, From: SelectedByFlag}, nil
	case env("HOOKCTL_PROFILE") != "":
		return Selection{Name: env("HOOKCTL_PROFILE"), From: SelectedByEnv}, nil
	case f.Default != "":
		return Selection{Name: f.Default, From: SelectedByFile}, nil
	case len(f.Profiles) == 1:
		for n := range f.Profiles {
			return Selection{Name: n, From: SelectedByOnly}, nil
		}
	case !f.Exists:
		return Selection{Name: SandboxProfile, From: SelectedByBuiltin, Notice: SandboxNotice}, nil
	}
	return Selection{}, &Error{Path: f.Path, Msg: fmt.Sprintf("no profile chosen (profiles: %s)", strings.Join(f.Names(), ", ")),
		Fix: "pass --profile NAME, or make one the default with `hookctl profile use NAME`"}
}

// Origins of a profile's values, as Profile.Origin records them (an
// environment override is "env " and the variable's name).
const (
	OriginFile    = "file"
	OriginKeyring = "keyring"
	OriginBuiltin = "built-in"
)

// Resolve builds the named profile: the file's keys (or the built-in
// profile's), then the secret store, then HOOKCTL_<KEY> overrides. It
// records where each value came from in Profile.Origin. A problem in the
// profile is an *Error naming the file, line and key.
func (f *File) Resolve(name string, env Env, secrets SecretStore) (Profile, error) {
	if err := ValidateName(name); err != nil {
		return Profile{}, err
	}
	p := Profile{Name: name}
	origin := map[string]string{}
	keys, ok := f.Profiles[strings.ToLower(name)]
	switch {
	case ok:
		for _, k := range sortedKeys(keys) {
			if k == KeySecretStore {
				continue
			}
			if err := p.Set(k, keys[k]); err != nil {
				fix := "remove it, or fix its spelling"
				if near := closest(k, Keys()); near != "" {
					fix = near + " (rename it, or remove it)"
				}
				return Profile{}, f.errorAt(name, k, fmt.Sprintf("unknown key %q (keys: %s)", k, strings.Join(Keys(), ", ")), fix)
			}
			origin[k] = OriginFile
		}
	case builtin(name) != nil:
		p = *builtin(name)
		for _, k := range Keys() {
			if p.Get(k) != "" {
				origin[k] = OriginBuiltin
			}
		}
	default:
		where := "in " + f.Path
		if !f.Exists {
			where = "(no config file at " + f.Path + ")"
		}
		fix := "add it with `hookctl profile add " + name + "`, or list them with `hookctl profile list`"
		if near := suggest.Phrase(name, f.Names(), func(w string) string { return "`-p " + w + "`" }); near != "" {
			fix = near + " (else add it with `hookctl profile add " + name + "`)"
		}
		return Profile{}, &Error{Msg: fmt.Sprintf("no profile %q %s (profiles: %s)", name, where, strings.Join(f.Names(), ", ")), Fix: fix}
	}
	// Only a profile whose secrets `profile add` put in the keyring reads
	// it, and only for the keys the environment does not override.
	var keyringErr error
	if secrets != nil && !p.Builtin && keys[KeySecretStore] == SecretStoreKeyring {
		for _, k := range SecretKeys() {
			if p.Get(k) != "" || env(EnvName(k)) != "" {
				continue
			}
			v, err := secrets.Get(p.Name, k)
			if err == nil {
				_ = p.Set(k, v)
				origin[k] = OriginKeyring
			} else if errors.Is(err, ErrKeyringUnavailable) {
				keyringErr = err
				break
			}
		}
	}
	// A variable set to nothing but spaces (GH_TOKEN=" " left by a script)
	// is unset: the next source is used.
	fromEnv := map[string]bool{}
	for _, k := range Keys() {
		if v := env(EnvName(k)); strings.TrimSpace(v) != "" {
			_ = p.Set(k, v)
			origin[k] = "env " + EnvName(k)
			fromEnv[k] = true
		}
	}
	// A key set for this run drops the file's key it excludes, as the
	// flags do (HOOKCTL_ORG on a repo profile, like --org).
	for _, k := range ProfileKeys(p.Dialect) {
		if fromEnv[k.Name] && k.Excludes != "" && !fromEnv[k.Excludes] {
			_ = p.Set(k.Excludes, "")
			delete(origin, k.Excludes)
		}
	}
	// The dialect's own fallbacks (GitHub's GH_TOKEN) come last.
	for _, k := range ProfileKeys(p.Dialect) {
		for _, e := range k.Env {
			if p.Get(k.Name) != "" {
				break
			}
			if v := env(e); strings.TrimSpace(v) != "" {
				_ = p.Set(k.Name, v)
				origin[k.Name] = "env " + e
			}
		}
	}
	p.Origin = origin
	if keyringErr != nil {
		for _, m := range Missing(p.Dialect, p.Get) {
			if m.Secret {
				return Profile{}, &Error{Profile: name, Key: m.Name, Msg: fmt.Sprintf("kept in the OS keyring: %v", keyringErr),
					Fix: fmt.Sprintf("set %s, or re-add the profile with --insecure-storage", EnvName(m.Name))}
			}
		}
	}
	if err := f.checkDialect(p); err != nil {
		return Profile{}, err
	}
	return p, nil
}

// KeyError is a configuration Error about one key of a resolved profile,
// located where its value came from: the file and line, or the environment
// variable.
func (f *File) KeyError(p Profile, key, msg, fix string) *Error {
	e := &Error{Profile: p.Name, Key: key, Msg: msg, Fix: fix}
	switch o := p.Origin[key]; {
	case strings.HasPrefix(o, "env "):
		e.Key = strings.TrimPrefix(o, "env ")
	case o == OriginFile:
		e.Path, e.Line = f.Path, f.Line(p.Name, key)
	case o == OriginBuiltin || p.Builtin:
		e.Profile = p.Name + " (built-in)"
	default:
		e.Path, e.Line = f.Path, f.Line(p.Name, "")
	}
	return e
}

// checkDialect reports a profile whose dialect is missing or unknown, where
// its value came from.
func (f *File) checkDialect(p Profile) error {
	if p.Builtin || CheckDialect(p.Dialect) == nil {
		return nil
	}
	list := strings.Join(Dialects(), ", ")
	if p.Dialect == "" {
		return f.KeyError(p, KeyDialect, "no dialect", "add `dialect: NAME` to the profile, one of "+list)
	}
	fix := "set dialect to one of " + list
	if near := closest(p.Dialect, Dialects()); near != "" {
		fix = near
	}
	return f.KeyError(p, KeyDialect, fmt.Sprintf("unknown dialect %q (dialects: %s)", p.Dialect, list), fix)
}

// CheckCAFile reports a ca-file that cannot be read or holds no PEM
// certificate, before any request.
func (f *File) CheckCAFile(p Profile) error {
	if p.CAFile == "" {
		return nil
	}
	const fix = "point ca-file at your private CA's certificate (a PEM file), or remove the key"
	data, err := os.ReadFile(p.CAFile)
	if err != nil {
		return f.KeyError(p, KeyCAFile, fmt.Sprintf("cannot read %s: %v", p.CAFile, bare(err)), fix)
	}
	if blk, _ := pem.Decode(data); blk == nil {
		return f.KeyError(p, KeyCAFile, fmt.Sprintf("%s holds no PEM certificate", p.CAFile), fix)
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// closest is "did you mean …?" for the words of list nearest to s, "" if none.
func closest(s string, list []string) string {
	return suggest.Phrase(s, list, func(w string) string { return w })
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
		for _, k := range SecretKeys() {
			if v := keys[k]; v != "" && !sandboxCredential(keys[KeyDialect], k, v) {
				return true
			}
		}
	}
	return false
}

// sandboxCredential reports whether value is the sandbox's own credential
// for key: fixed and public (`hookctl sandbox` prints it for anyone), so a
// file that holds only those has nothing to hide (`hookctl sandbox >
// sandbox.yaml` under umask 022).
func sandboxCredential(dialectName, key, value string) bool {
	d, err := dialect.Lookup(dialectName)
	return err == nil && d.Sandbox.Values.Get(key) == value
}
