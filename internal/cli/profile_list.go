package cli

import (
	"github.com/hookctl/hookctl/internal/config"
	"github.com/spf13/cobra"
)

// profileRecord is one row of `profile list` in json and yaml.
type profileRecord struct {
	Name    string `json:"name" yaml:"name"`
	Dialect string `json:"dialect" yaml:"dialect"`
	Default bool   `json:"default" yaml:"default"`
	Source  string `json:"source" yaml:"source"`
}

func newCmdProfileList(f *Factory) *cobra.Command {
	var quiet bool
	cmd := &cobra.Command{
		Use:         "list",
		Annotations: prints(outRecords),
		Aliases:     []string{"ls"},
		Short:       "List profiles, marking the default",
		Long: `List the config file's profiles and the built-in sandbox ones. The
profile used when no --profile is given is marked with * (DEFAULT column).`,
		Example: `  hookctl profile list
  hookctl profile list -q`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			def := ""
			if sel, err := cfg.Select("", f.Getenv); err == nil {
				def = sel.Name
			}
			var rows [][]string
			var data []profileRecord
			for _, name := range cfg.Names() {
				r := profileRecord{Name: name, Default: name == def, Source: "file"}
				if keys, ok := cfg.Profiles[name]; ok {
					r.Dialect = keys["dialect"]
				} else {
					r.Source = "built-in"
					for _, b := range config.Builtins() {
						if b.Name == name {
							r.Dialect = b.Dialect
						}
					}
				}
				mark := ""
				if r.Default {
					mark = "*"
				}
				rows = append(rows, []string{r.Name, r.Dialect, mark, r.Source})
				data = append(data, r)
			}
			p, err := f.Printer(nil, quiet)
			if err != nil {
				return err
			}
			return p.Records([]string{"name", "dialect", "default", "source"}, rows, data)
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print profile names only")
	return cmd
}
