package cli

import (
	"fmt"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/spf13/cobra"
)

func newCmdProfileShow(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:         "show [NAME]",
		Annotations: prints(outRecords),
		Short:       "Show a profile's settings, where each comes from, secrets masked",
		Long: `Show a profile's keys as hookctl resolves them, and where each value comes
from: the config file (with its line), the OS keyring, an environment
variable (HOOKCTL_<KEY>), the built-in sandbox profile, or the dialect's
default. The first rows say which config file is read (and whether --config
or $HOOKCTL_CONFIG named it) and how the profile was chosen.

Secrets, and a password in base-url, are masked: at most a quarter of a
secret, and never more than its last four characters, is shown.

With no NAME, the profile a command would use now.`,
		Example: `  hookctl profile show
  hookctl profile show sandbox -o json`,
		Args: rangeArgs(0, 1, "[NAME]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			name, chosenBy := "", "argument"
			if len(args) > 0 {
				if name, err = profileName(args[0]); err != nil {
					return err
				}
			} else {
				sel, err := cfg.Select(f.Opts.Profile, f.Getenv)
				if err != nil {
					return err
				}
				name, chosenBy = sel.Name, sel.From
			}
			p, err := cfg.Resolve(name, f.Getenv, f.secretStore())
			if err != nil {
				if isConfigError(err) {
					return err
				}
				return &usageError{err}
			}
			if err := f.overrideOwner(&p); err != nil {
				return err
			}
			f.Redactor.Add(p.Secrets()...)
			return printProfile(f, cfg, p, chosenBy)
		},
	}
}

// profileView is `profile show -o json`: the settings, where each comes
// from, and which config file was read.
type profileView struct {
	Config     string            `json:"config"`
	ConfigFrom string            `json:"config-from"`
	Exists     bool              `json:"config-exists"`
	Name       string            `json:"name"`
	ChosenBy   string            `json:"chosen-by"`
	Values     map[string]string `json:"values"`
	Sources    map[string]string `json:"sources"`
	Storage    string            `json:"secret-store,omitempty"`
}

func printProfile(f *Factory, cfg *config.File, p config.Profile, chosenBy string) error {
	view := profileView{Config: cfg.Path, ConfigFrom: cfg.From, Exists: cfg.Exists, Name: p.Name, ChosenBy: chosenBy,
		Values: map[string]string{}, Sources: map[string]string{}}
	if view.ConfigFrom == "" {
		view.ConfigFrom = config.FromDefault
	}
	fileFrom := view.ConfigFrom
	if !cfg.Exists {
		fileFrom += " (no such file)"
	}
	rows := [][]string{{"config", cfg.Path, fileFrom}, {"name", p.Name, chosenBy}}
	add := func(k, v, src string) {
		rows = append(rows, []string{k, v, src})
		view.Values[k], view.Sources[k] = v, src
	}
	for _, k := range config.Keys() {
		if p.Get(k) == "" {
			if k == config.KeyBaseURL && !p.Builtin {
				if def := baseURLOf(p); def != "no base URL" {
					add(k, def, "default")
				}
			}
			continue
		}
		add(k, p.Display(k), sourceOf(cfg, p, k))
	}
	if cfg.UsesKeyring(p.Name) {
		view.Storage = config.SecretStoreKeyring
	}
	pr, err := f.Printer(nil, false)
	if err != nil {
		return err
	}
	return pr.Records([]string{"key", "value", "source"}, rows, view)
}

// sourceOf says where a profile's value came from, for `profile show`:
// "file, line N", "keyring", "env HOOKCTL_<KEY>", "built-in".
func sourceOf(cfg *config.File, p config.Profile, key string) string {
	o := p.Origin[key]
	if o == config.OriginFile {
		if line := cfg.Line(p.Name, key); line > 0 {
			return fmt.Sprintf("file, line %d", line)
		}
	}
	if o == "" {
		return "unknown"
	}
	return o
}
