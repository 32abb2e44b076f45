package cli

import (
	"os"
	"strings"
	"sync"

	"github.com/hookctl/hookctl/pkg/config"
)

// keyringEnv turns the OS keyring off when set to off, 0, false or no:
// secrets are then read from and written to the config file only. Scripts
// and tests set it; so can a user whose keyring misbehaves.
const keyringEnv = "HOOKCTL_KEYRING"

// defaultSecretStore is the OS keyring store, opened on first use. It gives
// nil (file only) when HOOKCTL_KEYRING=off, and on the completion path,
// which must never wait on a keyring: f.completing, or `__complete` among
// the process's arguments when it runs before the flag is set.
func defaultSecretStore(f *Factory) func() config.SecretStore {
	var once sync.Once
	var store config.SecretStore
	return func() config.SecretStore {
		if f.completing || isCompletionArgs(os.Args[1:]) || keyringDisabled(f.Getenv) {
			return nil
		}
		once.Do(func() { store = config.NewKeyring() })
		return store
	}
}

// isCompletionArgs reports whether args are a shell-completion request.
func isCompletionArgs(args []string) bool {
	for _, a := range args {
		if a == "__complete" || a == "__completeNoDesc" {
			return true
		}
	}
	return false
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
