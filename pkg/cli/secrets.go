package cli

import "github.com/hookctl/hookctl/pkg/config"

// defaultSecretStore is the keyring-backed store (nil: file only).
func defaultSecretStore(f *Factory) func() config.SecretStore { return nil }
