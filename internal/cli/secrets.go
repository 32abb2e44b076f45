package cli

import (
	"strings"
	"sync"

	"github.com/hookctl/hookctl/internal/config"
)

// keyringEnv turns the OS keyring off when set to off, 0, false or no:
// secrets are then read from and written to the config file only. Scripts
// and tests set it; so can a user whose keyring misbehaves.
const keyringEnv = "HOOKCTL_KEYRING"

// defaultSecretStore is the OS keyring store, opened on first use. It gives
// nil (file only) when HOOKCTL_KEYRING=off, and on the completion path
// (f.completing), which must never wait on a keyring.
func defaultSecretStore(f *Factory) func() config.SecretStore {
	var once sync.Once
	var store config.SecretStore
	return func() config.SecretStore {
		if f.completing || keyringDisabled(f.Getenv) {
			return nil
		}
		once.Do(func() { store = config.NewKeyring() })
		return store
	}
}

// keyringDisabled reports whether HOOKCTL_KEYRING turns the keyring off.
func keyringDisabled(getenv func(string) string) bool {
	switch strings.ToLower(strings.TrimSpace(getenv(keyringEnv))) {
	case "off", "0", "false", "no":
		return true
	}
	return false
}

// secretStore is the run's keyring store, or nil when there is none.
func (f *Factory) secretStore() config.SecretStore {
	if f.Secrets == nil || f.completing {
		return nil
	}
	return f.Secrets()
}
