package cli

import (
	"github.com/hookctl/hookctl/internal/config"
	"github.com/spf13/cobra"
)

func newCmdProfileShow(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:         "show [NAME]",
		Annotations: prints(outRecords),
		Short:       "Show a profile's settings, secrets masked",
		Long: `Show a profile's keys as hookctl resolves them (file, OS keyring, then
HOOKCTL_<KEY> environment overrides) and where each value comes from.
Secrets are masked: at most their first and last four characters are shown,
and nothing of a secret shorter than 12 characters.

With no NAME, the profile a command would use now.`,
		Example: `  hookctl profile show
  hookctl profile show work -o json`,
		Args: rangeArgs(0, 1, "[NAME]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, err := chosenProfile(f, args)
			if err != nil {
				return err
			}
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			p, err := cfg.Resolve(name, f.Getenv, f.secretStore())
			if err != nil {
				return &usageError{err}
			}
			f.Redactor.Add(p.Secrets()...)
			fileKeys, inFile := cfg.Profiles[name]
			source := func(key string) string {
				switch {
				case f.Getenv(config.EnvName(key)) != "":
					return "env " + config.EnvName(key)
				case p.Builtin:
					return "built-in"
				case inFile && fileKeys[key] != "":
					return "file"
				}
				return "keyring"
			}
			rows := [][]string{{"name", p.Name, ""}}
			data := map[string]string{"name": p.Name}
			for _, k := range config.Keys {
				v := p.Get(k)
				if v == "" {
					continue
				}
				if config.IsSecret(k) {
					v = config.Mask(v)
				}
				rows = append(rows, []string{k, v, source(k)})
				data[k] = v
			}
			if cfg.UsesKeyring(name) {
				data[config.KeySecretStore] = config.SecretStoreKeyring
			}
			pr, err := f.Printer(nil, false)
			if err != nil {
				return err
			}
			return pr.Records([]string{"key", "value", "source"}, rows, data)
		},
	}
}
