// Package dialect is the registry of hookctl's dialects: the descriptors
// (see package spec) of the dialects written in Go, those of the built-in
// vendor files (vendors/*.yaml, embedded), and those of the user's own
// vendor files, with lookup by name. Everything about a dialect lives in
// its own package, pkg/dialect/<name>, or in its vendor file; adding a
// dialect is that package and one line in goDialects, or a file in
// vendors/ and no line at all.
//
// A Go program opens a backend by name with the profile values the
// dialect's descriptor lists:
//
//	b, err := dialect.Open("trello", spec.Values{"key": k, "token": t}, dialect.Clients{})
//
// or imports the dialect's package directly (trello.New).
//
// Vendor files are read once, on the first call that needs the whole
// registry (All, Names, Lookup of a name that is not a Go dialect): a
// program that never asks pays nothing for them.
//
// Stability: All, Names, Lookup, Open, Schema, Emulators, UseVendorFiles,
// Problems, VendorFile and Clients are part of hookctl's Go API; within a
// major version they are added to, not renamed or removed. The order of
// All is the order help and completion show, and may grow.
package dialect

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hookctl/hookctl/pkg/dialect/entrust"
	"github.com/hookctl/hookctl/pkg/dialect/filevendor"
	"github.com/hookctl/hookctl/pkg/dialect/github"
	"github.com/hookctl/hookctl/pkg/dialect/gitlab"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/dialect/trello"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// order is the order help shows the dialects in: the Go dialects, and
// among them the built-in vendor files that have a place of their own
// (the other vendor files follow, by file name).
var order = []place{
	{go_: trello.Descriptor},
	{file: supportbeeFile},
	{go_: entrust.Descriptor},
	{go_: github.Descriptor},
	{go_: gitlab.Descriptor},
}

// A place in order: a Go dialect, or a built-in vendor file's content.
type place struct {
	go_  *spec.Descriptor
	file []byte
}

//go:embed vendors/supportbee.yaml
var supportbeeFile []byte

// goDialects are the dialects written in Go, in order.
var goDialects = func() []*spec.Descriptor {
	var out []*spec.Descriptor
	for _, p := range order {
		if p.go_ != nil {
			out = append(out, p.go_)
		}
	}
	return out
}()

// slot is one dialect in help's order: a Go dialect or a vendor file.
type slot struct {
	d *spec.Descriptor
	e *vendorEntry
}

// sequence is every dialect in help's order: the Go dialects with the
// built-in vendor files order places among them, then the other files.
// It reads no vendor file's YAML.
func sequence() []slot {
	entries := reg.list()
	used := map[*vendorEntry]bool{}
	var out []slot
	for _, p := range order {
		if p.go_ != nil {
			out = append(out, slot{d: p.go_})
			continue
		}
		for _, e := range entries {
			if data, err := e.read(); err == nil && !used[e] && strings.HasPrefix(e.source, "built-in ") && bytes.Equal(data, p.file) {
				out = append(out, slot{e: e})
				used[e] = true
				break
			}
		}
	}
	for _, e := range entries {
		if !used[e] {
			out = append(out, slot{e: e})
		}
	}
	return out
}

// Builtin returns the dialects written in Go, without reading a vendor
// file: what must be known at start-up (the flags their profile keys name).
func Builtin() []*spec.Descriptor { return slices.Clone(goDialects) }

// builtinVendors are the vendor files built into hookctl.
//
//go:embed vendors/*.yaml vendors/*.json
var builtinVendors embed.FS

// MaxUserVendorFiles bounds the vendor files read from a directory.
const MaxUserVendorFiles = 200

// registry lists the vendor files on first use and reads each one only when
// its dialect is asked for (Lookup) or every dialect is (All): YAML is slow
// to parse, and a run that needs one dialect must not pay for the others.
type registry struct {
	mu      sync.Mutex
	listed  bool
	dir     string
	files   []string
	report  func(error)
	entries []*vendorEntry
	// problems found while listing (a duplicate name, too many files).
	problems []error
}

// vendorEntry is one vendor file, read on first use. A file's dialect is
// named by its file name (stripe.yaml is stripe), which its name: must
// match, so listing the names reads no file.
type vendorEntry struct {
	name     string
	source   string
	asked    bool
	read     func() ([]byte, error)
	siblings func(string) ([]byte, error)
	once     sync.Once
	done     atomic.Bool // set once parse has run
	keysOnce sync.Once
	keys     []spec.Key
	d        *spec.Descriptor
	err      error
}

var reg registry

// UseVendorFiles says where the user's own vendor files are: every *.yaml
// file of dir (a missing dir is none), and files, each of which must be
// good (a bad one given here is an error of the run, not a skipped file).
// report, when not nil, is told of each bad file once, when it is read.
// It must be called before the registry is first used; later calls start
// it afresh.
func UseVendorFiles(dir string, files []string, report func(error)) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	reg.dir, reg.files, reg.report, reg.listed = dir, files, report, false
	reg.entries, reg.problems = nil, nil
}

// list finds the vendor files, once, without reading them.
func (r *registry) list() []*vendorEntry {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.listed {
		return r.entries
	}
	r.listed = true
	taken := map[string]string{}
	for _, d := range goDialects {
		taken[d.Name] = "built in"
	}
	add := func(e *vendorEntry) {
		if where, ok := taken[e.name]; ok {
			err := error(&vendorfile.Error{File: e.source, Key: "name", Msg: fmt.Sprintf("%q is already a dialect (%s); rename the file and its name:", e.name, where)})
			if e.asked {
				err = &askedError{err}
			} else if r.report != nil {
				r.report(err)
			}
			r.problems = append(r.problems, err)
			return
		}
		taken[e.name] = e.source
		r.entries = append(r.entries, e)
	}
	entries, _ := fs.ReadDir(builtinVendors, "vendors")
	for _, de := range entries {
		name := de.Name()
		if path.Ext(name) != ".yaml" {
			continue
		}
		add(&vendorEntry{name: strings.TrimSuffix(name, ".yaml"), source: "built-in " + name,
			read:     func() ([]byte, error) { return builtinVendors.ReadFile(path.Join("vendors", name)) },
			siblings: func(s string) ([]byte, error) { return builtinVendors.ReadFile(path.Join("vendors", path.Base(s))) }})
	}
	var paths []string
	if r.dir != "" {
		paths, _ = filepath.Glob(filepath.Join(r.dir, "*.yaml"))
		if len(paths) > MaxUserVendorFiles {
			r.problems = append(r.problems, fmt.Errorf("%s: %d vendor files; reading the first %d", r.dir, len(paths), MaxUserVendorFiles))
			paths = paths[:MaxUserVendorFiles]
		}
		paths = slices.DeleteFunc(paths, func(p string) bool { return slices.Contains(r.files, p) })
	}
	for i, p := range append(paths, r.files...) {
		add(&vendorEntry{name: strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)), source: p, asked: i >= len(paths),
			read: func() ([]byte, error) { return readVendorFile(p) },
			siblings: func(s string) ([]byte, error) {
				return readVendorFile(filepath.Join(filepath.Dir(p), filepath.Base(s)))
			}})
	}
	return r.entries
}

// parse reads the entry's file and makes its dialect, once; a problem is
// reported once.
func (r *registry) parse(e *vendorEntry) (*spec.Descriptor, error) {
	e.once.Do(func() {
		parsed.Add(1)
		data, err := e.read()
		if err != nil {
			e.err = &vendorfile.Error{File: e.source, Msg: plainIOError(err)}
		} else if f, perr := vendorfile.Parse(e.source, data); perr != nil {
			e.err = perr
		} else if f.Name != e.name {
			e.err = f.Problem("name", "%q must be the file's name (%s.yaml is the dialect %s)", f.Name, e.name, e.name)
		} else {
			f.Siblings = e.siblings
			e.d = filevendor.Descriptor(f)
		}
		if e.err != nil && e.asked {
			// A file the run asked for is the run's error, not a notice.
			e.err = &askedError{e.err}
		} else if e.err != nil {
			r.mu.Lock()
			report := r.report
			r.mu.Unlock()
			if report != nil {
				report(e.err)
			}
		}
		e.done.Store(true)
	})
	return e.d, e.err
}

// parsed counts the vendor files read and parsed by this process.
var parsed atomic.Int64

// Parsed is how many vendor files this process has read and parsed: a run
// that needs no dialect's file reads none (its tests check it).
func Parsed() int { return int(parsed.Load()) }

// readVendorFile reads a regular file of at most 256 KiB.
func readVendorFile(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("is not a regular file")
	}
	if st.Size() > 256<<10 {
		return nil, errors.New("is larger than 256 KiB; a vendor file is a screenful")
	}
	return os.ReadFile(p)
}

// plainIOError says what went wrong reading a file, without Go's words.
func plainIOError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// askedError is a bad vendor file given for this run (--vendor-file): an
// error of the run, not a file to skip.
type askedError struct{ error }

func (e *askedError) Unwrap() error { return e.error }

// Problems reads every vendor file and returns what is wrong with them
// (each such file skipped), and whether one the run asked for is among
// them.
func Problems() (problems []error, asked bool) {
	for _, e := range reg.list() {
		if _, err := reg.parse(e); err != nil {
			problems = append(problems, err)
		}
	}
	reg.mu.Lock()
	problems = append(slices.Clone(reg.problems), problems...)
	reg.mu.Unlock()
	for _, p := range problems {
		var a *askedError
		if errors.As(p, &a) {
			asked = true
		}
	}
	return problems, asked
}

// CheckAsked reads the vendor files given for this run (--vendor-file) and
// returns the first problem of one, nil when they are good.
func CheckAsked() error {
	for _, e := range reg.list() {
		if e.asked {
			if _, err := reg.parse(e); err != nil {
				return err
			}
		}
	}
	reg.mu.Lock()
	defer reg.mu.Unlock()
	for _, p := range reg.problems {
		var a *askedError
		if errors.As(p, &a) {
			return p
		}
	}
	return nil
}

// All returns every dialect in help's order (sequence; a bad file's is
// left out). It reads every vendor file.
func All() []*spec.Descriptor {
	var out []*spec.Descriptor
	for _, s := range sequence() {
		if s.d != nil {
			out = append(out, s.d)
		} else if d, err := reg.parse(s.e); err == nil {
			out = append(out, d)
		}
	}
	return out
}

// KeyNames returns the names of every dialect's profile keys, and of those
// that are secrets, in the order of All; a vendor file not yet read gives
// its keys without being parsed whole.
func KeyNames() (all, secret []string) {
	seen := map[string]bool{}
	note := func(name string, isSecret bool) {
		if !seen[name] {
			seen[name] = true
			all = append(all, name)
		}
		if isSecret && !slices.Contains(secret, name) {
			secret = append(secret, name)
		}
	}
	for _, d := range goDialects {
		for _, k := range d.Keys {
			note(k.Name, k.Secret)
		}
	}
	for _, e := range reg.list() {
		for _, k := range e.profileKeys() {
			note(k.Name, k.Secret)
		}
	}
	return all, secret
}

// profileKeys are the entry's profile keys, found once: the dialect's when
// its file was parsed, else the file's keys: block alone (and the signing
// secret every file may use), else nothing for a bad file.
func (e *vendorEntry) profileKeys() []spec.Key {
	e.keysOnce.Do(func() {
		if e.done.Load() && e.d != nil {
			e.keys = e.d.Keys
			return
		}
		data, err := e.read()
		keys, ok := vendorfile.QuickKeys(data)
		if err != nil || !ok {
			if d, err := reg.parse(e); err == nil {
				e.keys = d.Keys
			}
			return
		}
		for _, k := range keys {
			e.keys = append(e.keys, spec.Key{Name: k.Name, Secret: k.Secret})
		}
		e.keys = append(e.keys, spec.Key{Name: vendorfile.SecretKey, Secret: true})
	})
	return e.keys
}

// SandboxProfiles returns the built-in sandbox profiles' names, each with
// its dialect's, in the order of All, without reading a vendor file.
func SandboxProfiles() (profiles, dialects []string) {
	for _, d := range goDialects {
		if d.Sandbox.Profile != "" {
			profiles, dialects = append(profiles, d.Sandbox.Profile), append(dialects, d.Name)
		}
	}
	for _, e := range reg.list() {
		profiles, dialects = append(profiles, filevendor.SandboxProfile(e.name)), append(dialects, e.name)
	}
	return profiles, dialects
}

// Names returns the names of every dialect, in the order of All, without
// reading a vendor file.
func Names() []string {
	var out []string
	for _, s := range sequence() {
		if s.d != nil {
			out = append(out, s.d.Name)
		} else {
			out = append(out, s.e.name)
		}
	}
	return out
}

// First is the first dialect, whose sandbox profile is the default one;
// it is written in Go, so asking for it reads no vendor file.
func First() *spec.Descriptor { return goDialects[0] }

// BySandboxProfile returns the dialect whose built-in sandbox profile is
// called name, nil when none is (the Go dialects are looked at first, so
// theirs read no vendor file).
func BySandboxProfile(name string) *spec.Descriptor {
	for _, d := range goDialects {
		if d.Sandbox.Profile == name {
			return d
		}
	}
	if d, err := Lookup(strings.TrimPrefix(name, "sandbox-")); err == nil && d.Sandbox.Profile == name {
		return d
	}
	return nil
}

// VendorFile returns the vendor file of the dialect called name, as the
// registry read it (a built-in one's embedded copy, or the user's file),
// and where it is from; false for a dialect written in Go.
func VendorFile(name string) (data []byte, source string, ok bool, err error) {
	d, err := Lookup(name)
	if err != nil || d.Source == "" {
		return nil, "", false, err
	}
	if base, builtin := strings.CutPrefix(d.Source, "built-in "); builtin {
		data, err = builtinVendors.ReadFile(path.Join("vendors", base))
	} else {
		data, err = readVendorFile(d.Source)
		if err != nil {
			err = &vendorfile.Error{File: d.Source, Msg: plainIOError(err)}
		}
	}
	return data, d.Source, err == nil, err
}

// Clients are the HTTP clients a backend uses.
type Clients = spec.Clients

// Lookup returns the dialect called name; a name whose vendor file is bad
// returns that file's problem. It reads only that dialect's file.
func Lookup(name string) (*spec.Descriptor, error) {
	for _, d := range goDialects {
		if d.Name == name {
			return d, nil
		}
	}
	for _, e := range reg.list() {
		if e.name == name {
			return reg.parse(e)
		}
	}
	return nil, unknown(name)
}

// Schema returns the field table of the dialect called name.
func Schema(name string) (*webhook.Schema, error) {
	d, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	return d.Schema, nil
}

// Open returns a Backend of the dialect called name for a profile's values.
func Open(name string, v spec.Values, c Clients) (webhook.Backend, error) {
	d, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	return d.Open(v, c)
}

// Emulators returns every dialect's sandbox emulator.
func Emulators() []sandbox.Emulator {
	var out []sandbox.Emulator
	for _, d := range All() {
		if d.Sandbox.Emulator != nil {
			out = append(out, d.Sandbox.Emulator)
		}
	}
	return out
}

func unknown(name string) error {
	names := strings.Join(Names(), ", ")
	if name == "" {
		return webhook.Invalid("", "the profile has no dialect (set dialect: to one of %s)", names)
	}
	return webhook.Invalid("", "unknown dialect %q (dialects: %s; a vendor file of your own goes in the config directory's vendors/)", name, names)
}
