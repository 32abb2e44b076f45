package cli

import (
	"fmt"
	"strings"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/spf13/cobra"
)

func newCmdProfile(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:         "profile",
		Annotations: prints(outNone),
		Short:       "Manage profiles: backend dialect and credentials",
		Long: later("profile-long", func() string {
			return paragraph("A profile names a backend dialect (" + dialectNameList() + ") and its credentials. " +
				"Profiles live in the config file (--config, $HOOKCTL_CONFIG, or $XDG_CONFIG_HOME/hookctl/config.yaml, " +
				"written with mode 0600); secrets go to the OS keyring when one works, else to that file.")
		}) + `

HOOKCTL_KEYRING=off keeps the keyring out of it: secrets are read from and
written to the config file only (for scripts, CI and machines without a
keyring).`,
		Args: subcommandArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(
		newCmdProfileList(f),
		newCmdProfileShow(f),
		newCmdProfileAdd(f),
		newCmdProfileSet(f),
		newCmdProfileUse(f),
		newCmdProfileRemove(f),
		newCmdProfileCheck(f),
	)
	return cmd
}

// configPath is the config file this run reads and writes.
func (f *Factory) configPath() string {
	return config.Path(f.Opts.ConfigPath, f.Getenv)
}

// profileName validates a NAME argument as a usage error.
func profileName(name string) (string, error) {
	if err := config.ValidateName(name); err != nil {
		return "", &usageError{err}
	}
	return strings.ToLower(name), nil
}

// chosenProfile is NAME when given, else the profile a command would use
// now (--profile, $HOOKCTL_PROFILE, the file's default).
func chosenProfile(f *Factory, args []string) (string, error) {
	if len(args) > 0 {
		return profileName(args[0])
	}
	cfg, err := f.Config()
	if err != nil {
		return "", err
	}
	sel, err := cfg.Select(f.Opts.Profile, f.Getenv)
	if err != nil {
		return "", &usageError{err}
	}
	return sel.Name, nil
}

// isBuiltin reports whether name is a built-in sandbox profile.
func isBuiltin(name string) bool {
	for _, b := range config.Builtins() {
		if b.Name == name {
			return true
		}
	}
	return false
}

// success prints a ✓ line on stderr when a person is watching.
func success(f *Factory, format string, a ...any) {
	if f.IO.IsStderrTTY() || f.IO.IsStdoutTTY() {
		fmt.Fprintf(f.IO.ErrOut, "✓ "+format+"\n", a...)
	}
}
