package cli

import (
	"fmt"
	"strings"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/spf13/cobra"
)

func newCmdProfileUse(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:         "use NAME",
		Annotations: prints(outNone),
		Short:       "Make a profile the default",
		Long: `Set the config file's default profile (its profile: key), used when
neither --profile nor $HOOKCTL_PROFILE is given. NAME may be a built-in
sandbox profile.`,
		Example: `  hookctl profile use work
  hookctl profile use sandbox`,
		Args: exactArgs(1, "NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, err := profileName(args[0])
			if err != nil {
				return err
			}
			path := f.configPath()
			err = config.EditDoc(path, func(doc *config.Doc) error {
				if _, ok := doc.Profile(name); !ok && !isBuiltin(name) {
					names := ""
					if cfg, err := config.Load(path); err == nil {
						names = fmt.Sprintf(" (profiles: %s)", strings.Join(cfg.Names(), ", "))
					}
					return &usageError{fmt.Errorf("no profile %q in %s%s: add it with `hookctl profile add %s`", name, path, names, name)}
				}
				doc.SetDefault(name)
				return nil
			})
			if err != nil {
				return err
			}
			success(f, "default profile is now %s", name)
			if env := f.Getenv("HOOKCTL_PROFILE"); env != "" && env != name {
				fmt.Fprintf(f.IO.ErrOut, "hookctl: note: HOOKCTL_PROFILE=%s still overrides it in this shell\n", env)
			}
			return nil
		},
	}
}
