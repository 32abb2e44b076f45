package sandbox

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/hookctl/hookctl/internal/atomicfile"
	"github.com/rogpeppe/go-internal/lockedfile"
)

// stateVersion is the version of the state file format.
const stateVersion = 1

// state is everything the sandbox remembers: one part per emulator, under
// its name, which only that emulator reads and writes (see viewPart and
// updatePart). It is the JSON state file's content:
// {"version":1,"NAME":{…},…}.
type state struct {
	Version int
	parts   map[string]json.RawMessage
}

// MarshalJSON writes the version and each part under its emulator's name.
func (s *state) MarshalJSON() ([]byte, error) {
	m := make(map[string]json.RawMessage, len(s.parts)+1)
	for k, v := range s.parts {
		m[k] = v
	}
	v, _ := json.Marshal(s.Version)
	m["version"] = v
	return json.Marshal(m)
}

// UnmarshalJSON reads the version and keeps every other key as a part.
func (s *state) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '{' {
		return errors.New("it is not a JSON object")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if v, ok := m["version"]; ok {
		if err := json.Unmarshal(v, &s.Version); err != nil {
			return errors.New("its version is not a number")
		}
		delete(m, "version")
	}
	s.parts = m
	return nil
}

// part decodes the named emulator's part into v; a missing part leaves v
// as it is (empty).
func (s *state) part(name string, v any) error {
	raw, ok := s.parts[name]
	if !ok || string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return &corruptPart{name: name}
	}
	return nil
}

// corruptPart is an emulator's part of the state that does not decode; the
// store, which knows the file, turns it into a StateError.
type corruptPart struct{ name string }

func (e *corruptPart) Error() string {
	return "the " + e.name + " part of the sandbox state is not what this hookctl writes"
}

// StateError is a failure of the sandbox's own state file: it cannot be
// read or saved (a full disk, a directory that is not one), or it is not a
// state file this hookctl wrote. Its message says which file, what went
// wrong in a person's words, and how to start over when that helps.
type StateError struct {
	// Path is the state file.
	Path string
	msg  string
	err  error
}

func (e *StateError) Error() string { return e.msg }
func (e *StateError) Unwrap() error { return e.err }

// stateIOError is a failed read or write of the state at path: the
// system's reason ("no space left on device"), without Go's wrapping.
func stateIOError(doing, path string, err error) *StateError {
	return &StateError{Path: path, err: err, msg: fmt.Sprintf("the sandbox cannot %s %s: %s", doing, path, reason(err))}
}

// corruptState is a state file that is not one: say how to start over.
func corruptState(path, what string) *StateError {
	return &StateError{Path: path, msg: fmt.Sprintf("the sandbox state %s %s; to start over with an empty sandbox, remove it: rm %s", path, what, path)}
}

// reason is the innermost cause of an I/O error: "no space left on device",
// not "write /x/.sandbox.json.tmp-123: no space left on device".
func reason(err error) string {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err.Error()
		}
		err = u
	}
}

// setPart stores the named emulator's part.
func (s *state) setPart(name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	if s.parts == nil {
		s.parts = map[string]json.RawMessage{}
	}
	s.parts[name] = b
	return nil
}

// viewPart runs fn on the named emulator's part of the current state.
func viewPart[T any](s *Sandbox, name string, fn func(*T) error) error {
	return s.store.view(func(st *state) error {
		var p T
		if err := st.part(name, &p); err != nil {
			return err
		}
		return fn(&p)
	})
}

// updatePart runs fn on the named emulator's part and saves it if fn
// succeeds.
func updatePart[T any](s *Sandbox, name string, fn func(*T) error) error {
	return s.store.update(func(st *state) error {
		var p T
		if err := st.part(name, &p); err != nil {
			return err
		}
		if err := fn(&p); err != nil {
			return err
		}
		return st.setPart(name, &p)
	})
}

// ViewPart runs fn on the emulator's part of the sandbox state, decoded
// into a T (empty when there is none yet). A part that does not decode is
// a StateError that says how to start over.
func ViewPart[T any](h *Host, fn func(*T) error) error {
	return viewPart(h.s, h.name, fn)
}

// UpdatePart runs fn on the emulator's part of the sandbox state, decoded
// into a T, and saves it if fn succeeds; an error from fn aborts without
// saving. Calls are serialised with every other access to the state,
// across processes sharing a state file.
func UpdatePart[T any](h *Host, fn func(*T) error) error {
	return updatePart(h.s, h.name, fn)
}

// store keeps the state in memory or in a file shared between processes.
// Every access takes the in-process mutex and, with a file, an exclusive
// flock on path+".lock"; a change is saved atomically before the lock is
// released, so concurrent sandboxes never lose or duplicate an update.
type store struct {
	mu   sync.Mutex
	path string
	lock *lockedfile.Mutex
	mem  *state
	// write writes the new state to the temporary file; tests replace it
	// to fail as a full disk does.
	write func(w io.Writer, b []byte) error
}

func writeAll(w io.Writer, b []byte) error {
	_, err := w.Write(b)
	return err
}

func openStore(path string) (*store, error) {
	st := &store{path: path, write: writeAll}
	if path == "" {
		st.mem = &state{Version: stateVersion}
		return st, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, stateIOError("keep its state in", filepath.Dir(path), err)
	}
	st.lock = lockedfile.MutexAt(path + ".lock")
	if err := st.view(func(*state) error { return nil }); err != nil {
		return nil, err
	}
	return st, nil
}

func (st *store) close() error {
	if st.lock == nil {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.lock = nil
	return nil
}

// view runs fn on the current state without saving it. fn must not keep
// references into the state after it returns.
func (st *store) view(fn func(*state) error) error {
	return st.with(false, fn)
}

// update runs fn on the current state and saves the result if fn succeeds.
func (st *store) update(fn func(*state) error) error {
	return st.with(true, fn)
}

func (st *store) with(write bool, fn func(*state) error) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.path == "" {
		if !write {
			return fn(st.mem)
		}
		// Work on a copy so a failing fn leaves no half-applied change.
		cp, err := cloneState(st.mem)
		if err != nil {
			return err
		}
		if err := fn(cp); err != nil {
			return err
		}
		st.mem = cp
		return nil
	}
	if st.lock == nil {
		return errors.New("sandbox is closed")
	}
	unlock, err := st.lock.Lock()
	if err != nil {
		return stateIOError("lock its state with", st.path+".lock", err)
	}
	defer unlock()
	s, err := loadState(st.path)
	if err != nil {
		return err
	}
	if err := fn(s); err != nil {
		var part *corruptPart
		if errors.As(err, &part) {
			return corruptState(st.path, "has a "+part.name+" part that this hookctl cannot read")
		}
		return err
	}
	if !write {
		return nil
	}
	return saveState(st.path, s, st.write)
}

// cloneState copies s; parts are replaced, never changed in place, so
// sharing them is safe.
func cloneState(s *state) (*state, error) {
	cp := &state{Version: s.Version, parts: make(map[string]json.RawMessage, len(s.parts))}
	for k, v := range s.parts {
		cp.parts[k] = v
	}
	return cp, nil
}

// loadState reads the state file; a missing or empty file is empty state.
func loadState(path string) (*state, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(bytes.TrimSpace(b)) == 0) {
		return &state{Version: stateVersion}, nil
	}
	if err != nil {
		return nil, stateIOError("read its state from", path, err)
	}
	var s state
	if err := json.Unmarshal(b, &s); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, corruptState(path, fmt.Sprintf("is corrupt (not JSON at byte %d)", syn.Offset))
		}
		return nil, corruptState(path, "is corrupt (not a sandbox state object)")
	}
	if s.Version != stateVersion {
		return nil, corruptState(path, fmt.Sprintf("has format version %d; this hookctl reads version %d", s.Version, stateVersion))
	}
	return &s, nil
}

// saveState writes the state atomically (atomicfile): a reader sees the
// old state or the new one.
func saveState(path string, s *state, write func(io.Writer, []byte) error) error {
	s.Version = stateVersion
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	b = append(b, '\n')
	if err := atomicfile.Write(path, func(w *bufio.Writer) error { return write(w, b) }); err != nil {
		return stateIOError("save its state to", path, err)
	}
	return nil
}
