package sandbox

import (
	"encoding/json"
	"sync"
)

// Store keeps an emulator's state between requests as JSON: a Host (its
// part of the sandbox's state) or a MemStore, for an emulator served on
// its own. Update runs fn on the saved state (nil the first time) and
// saves what fn returns; fn's error aborts without saving. View runs fn
// on the saved state. Both serialise callers.
type Store interface {
	Update(fn func(saved json.RawMessage) (json.RawMessage, error)) error
	View(fn func(saved json.RawMessage) error) error
}

var (
	_ Store = (*Host)(nil)
	_ Store = (*MemStore)(nil)
)

// MemStore is a Store in memory. The zero value is empty and ready.
type MemStore struct {
	mu   sync.Mutex
	data json.RawMessage
}

// Update implements Store.
func (m *MemStore) Update(fn func(json.RawMessage) (json.RawMessage, error)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	out, err := fn(m.data)
	if err == nil {
		m.data = out
	}
	return err
}

// View implements Store.
func (m *MemStore) View(fn func(json.RawMessage) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return fn(m.data)
}

// UpdateState runs fn on the state saved in st, decoded into a T (empty
// the first time), and saves it when fn succeeds; fn's error aborts
// without saving.
func UpdateState[T any](st Store, fn func(*T) error) error {
	return st.Update(func(saved json.RawMessage) (json.RawMessage, error) {
		s, err := decodeJSON[T](saved)
		if err != nil {
			return nil, err
		}
		if err := fn(s); err != nil {
			return nil, err
		}
		return json.Marshal(s)
	})
}

// ViewState runs fn on the state saved in st, decoded into a T (empty
// the first time), without saving.
func ViewState[T any](st Store, fn func(*T) error) error {
	return st.View(func(saved json.RawMessage) error {
		s, err := decodeJSON[T](saved)
		if err != nil {
			return err
		}
		return fn(s)
	})
}

func decodeJSON[T any](saved json.RawMessage) (*T, error) {
	s := new(T)
	if len(saved) > 0 && string(saved) != "null" {
		if err := json.Unmarshal(saved, s); err != nil {
			return nil, err
		}
	}
	return s, nil
}
