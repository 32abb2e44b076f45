package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hookctl/hookctl/internal/atomicfile"
	"github.com/rogpeppe/go-internal/lockedfile"
	"go.yaml.in/yaml/v3"
)

// Doc is the config file's YAML for editing. It changes the file's nodes in
// place, so comments, key order and keys hookctl does not know survive a
// save. Viper only ever reads the file; Doc is the one writer.
type Doc struct {
	doc *yaml.Node // the document node
	top *yaml.Node // its top-level mapping
}

// ReadDoc reads the config file at path for editing; a missing or empty
// file gives an empty document.
func ReadDoc(path string) (*Doc, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newDoc(), nil
	}
	if err != nil {
		return nil, unreadable(path, err)
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, yamlError(path, data, err)
	}
	if n.Kind == 0 || len(n.Content) == 0 {
		return newDoc(), nil
	}
	top := n.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, notAMapping(path, top.Line)
	}
	return &Doc{doc: &n, top: top}, nil
}

func newDoc() *Doc {
	top := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	return &Doc{doc: &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{top}}, top: top}
}

// Default is the `profile:` key, empty when unset.
func (d *Doc) Default() string {
	if v := lookup(d.top, "profile", false); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// SetDefault sets the `profile:` key; an empty name removes it.
func (d *Doc) SetDefault(name string) {
	if name == "" {
		remove(d.top, "profile", false)
		return
	}
	if index(d.top, "profile", false) < 0 {
		// A new default goes first, where a reader looks for it.
		d.top.Content = append([]*yaml.Node{str("profile"), str(name)}, d.top.Content...)
		return
	}
	set(d.top, "profile", str(name), false)
}

// Profile returns a profile's keys as written, and whether it exists.
// Names match without regard to case, as viper reads them.
func (d *Doc) Profile(name string) (map[string]string, bool) {
	p := lookup(d.profiles(false), name, true)
	if p == nil {
		return nil, false
	}
	keys := map[string]string{}
	if p.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(p.Content); i += 2 {
			if v := p.Content[i+1]; v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
				keys[strings.ToLower(p.Content[i].Value)] = v.Value
			}
		}
	}
	return keys, true
}

// SetProfile writes a profile with exactly the given keys (empty values are
// left out), replacing any profile of the same name.
func (d *Doc) SetProfile(name string, keys map[string]string) {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, k := range orderedKeys(keys) {
		if keys[k] == "" {
			continue
		}
		m.Content = append(m.Content, str(k), str(keys[k]))
	}
	set(d.profiles(true), name, m, true)
}

// ProfileNames lists the file's profiles, in file order.
func (d *Doc) ProfileNames() []string {
	var out []string
	if m := d.profiles(false); m != nil {
		for i := 0; i+1 < len(m.Content); i += 2 {
			out = append(out, m.Content[i].Value)
		}
	}
	return out
}

// RemoveProfile deletes a profile and reports whether it was there.
func (d *Doc) RemoveProfile(name string) bool {
	return remove(d.profiles(false), name, true)
}

// Bytes is the document as YAML.
func (d *Doc) Bytes() ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(d.doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EditDoc reads the config file at path, lets edit change it, and saves it,
// all under an exclusive lock (a hidden .NAME.lock file beside path's own
// directory entry, a link's included): of two hookctl processes editing the
// file at once, the second reads what the first saved, so neither change is
// lost. Nothing is saved when edit returns an error, and nothing is
// written, the lock included, when path is or links to something other
// than a regular file.
func EditDoc(path string, edit func(*Doc) error) error {
	if _, err := atomicfile.Target(path); err != nil {
		return fmt.Errorf("writing %s: %w", path, bare(err))
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("config directory %s: %w", dir, bare(err))
	}
	unlock, err := lockedfile.MutexAt(filepath.Join(dir, "."+filepath.Base(path)+".lock")).Lock()
	if err != nil {
		return fmt.Errorf("locking %s: %w", path, bare(err))
	}
	defer unlock()
	d, err := ReadDoc(path)
	if err != nil {
		return err
	}
	if err := edit(d); err != nil {
		return err
	}
	return d.Save(path)
}

// Save writes the document to path atomically with mode 0600. Use EditDoc
// to change a file other processes may be changing.
func (d *Doc) Save(path string) error {
	data, err := d.Bytes()
	if err != nil {
		return fmt.Errorf("config %s: %w", path, err)
	}
	return WriteFileAtomic(path, data)
}

// profiles is the `profiles:` mapping, created when create is set.
func (d *Doc) profiles(create bool) *yaml.Node {
	p := lookup(d.top, "profiles", false)
	if p != nil && p.Kind == yaml.MappingNode {
		return p
	}
	if !create {
		return nil
	}
	p = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	set(d.top, "profiles", p, false)
	return p
}

// orderedKeys puts dialect first, then the known keys in Keys() order, then
// anything else sorted.
func orderedKeys(keys map[string]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range append([]string{KeyDialect}, Keys()...) {
		if _, ok := keys[k]; ok && !seen[k] {
			out = append(out, k)
			seen[k] = true
		}
	}
	var rest []string
	for k := range keys {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// str is a string scalar; the encoder quotes it when YAML would read it as
// something else (true, 0123, 1e3).
func str(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

func index(m *yaml.Node, key string, fold bool) int {
	if m == nil {
		return -1
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i].Value
		if k == key || (fold && strings.EqualFold(k, key)) {
			return i
		}
	}
	return -1
}

func lookup(m *yaml.Node, key string, fold bool) *yaml.Node {
	if i := index(m, key, fold); i >= 0 {
		return m.Content[i+1]
	}
	return nil
}

func set(m *yaml.Node, key string, v *yaml.Node, fold bool) {
	if i := index(m, key, fold); i >= 0 {
		m.Content[i+1] = v
		return
	}
	m.Content = append(m.Content, str(key), v)
}

func remove(m *yaml.Node, key string, fold bool) bool {
	i := index(m, key, fold)
	if i < 0 {
		return false
	}
	m.Content = append(m.Content[:i], m.Content[i+2:]...)
	return true
}

// WriteFileAtomic replaces the config file at path with data, mode 0600,
// as atomicfile.WriteFile does: readers see the old file or the new one; a
// link is written through to a regular file only; a missing directory is
// created 0700.
func WriteFileAtomic(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("writing %s: %w", path, bare(err))
	}
	return nil
}

// bare drops the path from an *fs.PathError (the message names it already).
func bare(err error) error {
	if u := errors.Unwrap(err); u != nil {
		var pe *fs.PathError
		var le *os.LinkError
		if errors.As(err, &pe) || errors.As(err, &le) {
			return u
		}
	}
	return err
}
