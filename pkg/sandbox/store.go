package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/hookctl/hookctl/internal/filelock"
)

// stateVersion is the version of the state file format.
const stateVersion = 1

// state is everything the sandbox remembers: one part per emulator, under
// its name, which only that emulator reads and writes (see viewPart and
// updatePart). It is the JSON state file's content:
// {"version":1,"trello":{…},"supportbee":{…},…}.
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
		return fmt.Errorf("sandbox state: the %s part is unreadable (%s); remove the state file to start over", name, jsonProblemOf(err))
	}
	return nil
}

// jsonProblemOf says what is wrong with JSON in a user's words, without
// Go type names.
func jsonProblemOf(err error) string {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		where := typ.Field
		if where == "" {
			where = "the part"
		}
		return where + " is a JSON " + typ.Value + " where another kind of value belongs"
	}
	return err.Error()
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

// store keeps the state in memory or in a file shared between processes.
// Every access takes the in-process mutex and, with a file, an exclusive
// flock on path+".lock"; a change is saved atomically before the lock is
// released, so concurrent sandboxes never lose or duplicate an update.
type store struct {
	mu   sync.Mutex
	path string
	lock *filelock.Lock
	mem  *state
}

func openStore(path string) (*store, error) {
	st := &store{path: path}
	if path == "" {
		st.mem = &state{Version: stateVersion}
		return st, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("sandbox state: %w", err)
	}
	l, err := filelock.Open(path + ".lock")
	if err != nil {
		return nil, fmt.Errorf("sandbox state lock: %w", err)
	}
	st.lock = l
	if err := st.view(func(*state) error { return nil }); err != nil {
		_ = l.Close()
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
	err := st.lock.Close()
	st.lock = nil
	return err
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
	if err := st.lock.Lock(); err != nil {
		return fmt.Errorf("sandbox state lock: %w", err)
	}
	defer func() { _ = st.lock.Unlock() }()
	s, err := loadState(st.path)
	if err != nil {
		return err
	}
	if err := fn(s); err != nil {
		return err
	}
	if !write {
		return nil
	}
	return saveState(st.path, s)
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
		return nil, fmt.Errorf("sandbox state: %w", err)
	}
	var s state
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("sandbox state %s is unreadable (%s); remove it to start over", path, jsonProblemOf(err))
	}
	if s.Version != stateVersion {
		return nil, fmt.Errorf("sandbox state %s has version %d; this hookctl reads version %d", path, s.Version, stateVersion)
	}
	return &s, nil
}

// saveState writes the state atomically: a temporary file in the same
// directory, flushed to disk, then renamed over the old one.
func saveState(path string, s *state) error {
	s.Version = stateVersion
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	b = append(b, '\n')
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	ok = true
	filelock.SyncDir(dir)
	return nil
}
