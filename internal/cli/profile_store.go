package cli

import (
	"fmt"

	"github.com/hookctl/hookctl/internal/config"
)

// storeSecrets decides where the new profile's secrets live and returns the
// keys to write to the file, and where the secrets went (for the ✓ line).
// The OS keyring is used unless --insecure-storage or HOOKCTL_KEYRING=off;
// when it fails or does not answer in 3 s, nothing is left half in it and
// the secrets go to the file with a notice.
func storeSecrets(f *Factory, opts *ProfileAddOptions, values, old map[string]string, existed bool) (map[string]string, string) {
	path := f.configPath()
	keys := map[string]string{}
	var secrets []string
	for k, v := range values {
		keys[k] = v
		if config.IsSecret(k) {
			secrets = append(secrets, k)
		}
	}
	wasKeyring := existed && old[config.KeySecretStore] == config.SecretStoreKeyring
	store := f.secretStore()
	if len(secrets) > 0 && !opts.Insecure && store != nil {
		var set []string
		var failed error
		for _, k := range secrets {
			if err := store.Set(opts.Name, k, values[k]); err != nil {
				failed = err
				break
			}
			set = append(set, k)
		}
		if failed == nil {
			for _, k := range secrets {
				delete(keys, k)
			}
			keys[config.KeySecretStore] = config.SecretStoreKeyring
			if wasKeyring {
				forgetSecrets(store, opts.Name, func(k string) bool { return values[k] == "" })
			}
			return keys, "in the OS keyring"
		}
		for _, k := range set {
			_ = store.Delete(opts.Name, k)
		}
		fmt.Fprintf(f.IO.ErrOut, "hookctl: %v; keeping the secrets in %s (mode 0600) instead (pass --insecure-storage to choose that without this notice)\n", failed, path)
	}
	if wasKeyring && store != nil {
		forgetSecrets(store, opts.Name, func(string) bool { return true })
	}
	if len(secrets) == 0 {
		return keys, "none"
	}
	return keys, "in " + path
}

// forgetSecrets deletes the profile's keyring entries for the secret keys
// that pick selects; absent entries and a failing keyring are ignored.
func forgetSecrets(store config.SecretStore, profile string, pick func(key string) bool) {
	for _, k := range config.SecretKeys() {
		if pick(k) {
			_ = store.Delete(profile, k)
		}
	}
}
