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
// Problems and Clients are part of hookctl's Go API; within a major version
// they are added to, not renamed or removed. The order of All is the order
// help and completion show, and may grow.
package dialect

import (
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

	"github.com/hookctl/hookctl/pkg/dialect/entrust"
	"github.com/hookctl/hookctl/pkg/dialect/filevendor"
	"github.com/hookctl/hookctl/pkg/dialect/github"
	"github.com/hookctl/hookctl/pkg/dialect/gitlab"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/dialect/supportbee"
	"github.com/hookctl/hookctl/pkg/dialect/trello"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// goDialects are the dialects written in Go, in the order help shows them.
var goDialects = []*spec.Descriptor{
	trello.Descriptor,
	supportbee.Descriptor,
	entrust.Descriptor,
	github.Descriptor,
	gitlab.Descriptor,
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

// registry is the list of every dialect, made on first use.
type registry struct {
	mu       sync.Mutex
	loaded   bool
	dir      string
	files    []string
	report   func(error)
	all      []*spec.Descriptor
	broken   map[string]error // a bad file's error, by the name it was meant to have
	problems []error
}

var reg registry

// UseVendorFiles says where the user's own vendor files are: every *.yaml
// file of dir (a missing dir is none), and files, each of which must be
// good (a bad one given here is an error of the run, not a skipped file).
// report, when not nil, is told of each bad file once, when the files are
// read. It must be called before the registry is first used; later calls
// reload it.
func UseVendorFiles(dir string, files []string, report func(error)) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	reg.dir, reg.files, reg.report, reg.loaded = dir, files, report, false
}

// load reads the built-in and the user's vendor files, once.
func (r *registry) load() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.loaded {
		return
	}
	r.loaded = true
	r.all = slices.Clone(goDialects)
	r.broken = map[string]error{}
	r.problems = nil
	entries, _ := fs.ReadDir(builtinVendors, "vendors")
	for _, e := range entries {
		if path.Ext(e.Name()) != ".yaml" {
			continue
		}
		data, err := builtinVendors.ReadFile(path.Join("vendors", e.Name()))
		if err == nil {
			r.add("built-in "+e.Name(), e.Name(), data, false, func(name string) ([]byte, error) {
				return builtinVendors.ReadFile(path.Join("vendors", name))
			})
		}
	}
	if r.dir != "" {
		paths, _ := filepath.Glob(filepath.Join(r.dir, "*.yaml"))
		if len(paths) > MaxUserVendorFiles {
			r.problems = append(r.problems, fmt.Errorf("%s: %d vendor files; reading the first %d", r.dir, len(paths), MaxUserVendorFiles))
			paths = paths[:MaxUserVendorFiles]
		}
		for _, p := range paths {
			if slices.Contains(r.files, p) {
				continue
			}
			r.addFile(p, false)
		}
	}
	for _, p := range r.files {
		r.addFile(p, true)
	}
}

// addFile reads one of the user's vendor files.
func (r *registry) addFile(p string, asked bool) {
	data, err := readVendorFile(p)
	if err != nil {
		err = &vendorfile.Error{File: p, Msg: plainIOError(err)}
		r.fail(strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)), err, asked)
		return
	}
	r.add(p, filepath.Base(p), data, asked, func(name string) ([]byte, error) {
		return readVendorFile(filepath.Join(filepath.Dir(p), filepath.Base(name)))
	})
}

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

// add parses one vendor file and registers its dialect.
func (r *registry) add(source, base string, data []byte, asked bool, siblings func(string) ([]byte, error)) {
	f, err := vendorfile.Parse(source, data)
	if err != nil {
		r.fail(strings.TrimSuffix(base, ".yaml"), err, asked)
		return
	}
	f.Siblings = siblings
	if slices.ContainsFunc(r.all, func(d *spec.Descriptor) bool { return d.Name == f.Name }) {
		r.fail(f.Name, f.Problem("name", "%q is already a dialect; give the file another name:", f.Name), asked)
		return
	}
	r.all = append(r.all, filevendor.Descriptor(f))
}

// fail records a bad file: skipped, and reported once.
func (r *registry) fail(name string, err error, asked bool) {
	if _, seen := r.broken[name]; !seen {
		r.broken[name] = err
	}
	if asked {
		err = &askedError{err}
	}
	r.problems = append(r.problems, err)
	if r.report != nil {
		r.report(err)
	}
}

// askedError is a bad vendor file given for this run (--vendor-file): an
// error of the run, not a file to skip.
type askedError struct{ error }

func (e *askedError) Unwrap() error { return e.error }

// Problems returns what is wrong with the user's vendor files (each file
// skipped), and whether one the run asked for is among them.
func Problems() (problems []error, asked bool) {
	reg.load()
	reg.mu.Lock()
	defer reg.mu.Unlock()
	for _, p := range reg.problems {
		var a *askedError
		if errors.As(p, &a) {
			asked = true
		}
	}
	return slices.Clone(reg.problems), asked
}

// All returns every dialect: the Go ones, then the vendor files'.
func All() []*spec.Descriptor {
	reg.load()
	return reg.all
}

// Names returns the names of every dialect, in the order of All.
func Names() []string {
	all := All()
	out := make([]string, len(all))
	for i, d := range all {
		out[i] = d.Name
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
	if !strings.HasPrefix(name, "sandbox") {
		return nil
	}
	for _, d := range All() {
		if d.Sandbox.Profile == name {
			return d
		}
	}
	return nil
}

// Clients are the HTTP clients a backend uses.
type Clients = spec.Clients

// Lookup returns the dialect called name; a name whose vendor file is bad
// returns that file's problem.
func Lookup(name string) (*spec.Descriptor, error) {
	for _, d := range goDialects {
		if d.Name == name {
			return d, nil
		}
	}
	for _, d := range All() {
		if d.Name == name {
			return d, nil
		}
	}
	reg.mu.Lock()
	bad := reg.broken[name]
	reg.mu.Unlock()
	if bad != nil {
		return nil, bad
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
