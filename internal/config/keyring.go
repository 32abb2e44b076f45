package config

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// KeySecretStore is the profile key that records where the profile's
// secrets live: "keyring" when `profile add` put them in the OS keyring.
// Only such profiles make hookctl read the keyring, so a machine without
// one never waits on it.
const KeySecretStore = "secret-store"

// SecretStoreKeyring is KeySecretStore's value for secrets in the keyring.
const SecretStoreKeyring = "keyring"

// KeyringService is the service name of hookctl's keyring entries; each
// entry's user is PROFILE:KEY.
const KeyringService = "hookctl"

// KeyringTimeout bounds every keyring call: a keyring that does not answer
// (a locked collection waiting on a dialog, a stuck D-Bus) counts as absent.
const KeyringTimeout = 3 * time.Second

// ErrSecretNotFound is a keyring that works but holds no such secret.
var ErrSecretNotFound = errors.New("secret not found in the OS keyring")

// ErrKeyringUnavailable is a keyring that failed or did not answer in time.
var ErrKeyringUnavailable = errors.New("the OS keyring is not available")

// keyringBackend is the part of go-keyring that Keyring uses.
type keyringBackend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// osKeyring is go-keyring's package-level provider (its mock in tests).
type osKeyring struct{}

func (osKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (osKeyring) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}
func (osKeyring) Delete(service, user string) error { return keyring.Delete(service, user) }

// Keyring is the SecretStore on the OS keyring. Every call is bounded by a
// timeout, and after one failure or timeout it stops asking for the rest of
// the run: each later call returns ErrKeyringUnavailable at once.
type Keyring struct {
	timeout time.Duration
	backend keyringBackend

	mu     sync.Mutex
	broken error
}

var _ SecretStore = (*Keyring)(nil)

// NewKeyring returns the OS keyring store with the 3 s timeout.
func NewKeyring() *Keyring {
	return &Keyring{timeout: KeyringTimeout, backend: osKeyring{}}
}

// keyringUser is an entry's user: PROFILE:KEY, the profile name in lower
// case as viper reads it from the file.
func keyringUser(profile, key string) string { return strings.ToLower(profile) + ":" + key }

// Get returns a profile's secret, ErrSecretNotFound when there is none, or
// an error wrapping ErrKeyringUnavailable.
func (k *Keyring) Get(profile, key string) (string, error) {
	var v string
	err := k.call(func() error {
		var err error
		v, err = k.backend.Get(KeyringService, keyringUser(profile, key))
		return err
	})
	if err != nil {
		return "", err
	}
	return v, nil
}

// Set stores a profile's secret.
func (k *Keyring) Set(profile, key, value string) error {
	return k.call(func() error { return k.backend.Set(KeyringService, keyringUser(profile, key), value) })
}

// Delete removes a profile's secret; a missing one is ErrSecretNotFound.
func (k *Keyring) Delete(profile, key string) error {
	return k.call(func() error { return k.backend.Delete(KeyringService, keyringUser(profile, key)) })
}

// call runs op in a goroutine under the timeout. op's own results are only
// read after it returned, through the channel, so a late answer is dropped.
func (k *Keyring) call(op func() error) error {
	k.mu.Lock()
	broken := k.broken
	k.mu.Unlock()
	if broken != nil {
		return broken
	}
	done := make(chan error, 1)
	go func() { done <- op() }()
	timer := time.NewTimer(k.timeout)
	defer timer.Stop()
	var err error
	select {
	case err = <-done:
		switch {
		case err == nil:
			return nil
		case errors.Is(err, keyring.ErrNotFound):
			return ErrSecretNotFound
		}
		err = fmt.Errorf("%w: %v", ErrKeyringUnavailable, err)
	case <-timer.C:
		err = fmt.Errorf("%w: no answer within %s", ErrKeyringUnavailable, k.timeout)
	}
	k.mu.Lock()
	k.broken = err
	k.mu.Unlock()
	return err
}
