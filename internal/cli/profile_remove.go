package cli

import (
	"fmt"
	"strings"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/spf13/cobra"
)

func newCmdProfileRemove(f *Factory) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:         "remove NAME",
		Annotations: prints(outNone),
		Aliases:     []string{"rm"},
		Short:       "Remove a profile and its keyring entries",
		Long: `Remove a profile from the config file, and its secrets from the OS
keyring. On a terminal hookctl asks to confirm; elsewhere pass --yes.
Built-in profiles cannot be removed.`,
		Example: `  hookctl profile remove old-board                   # on a terminal: asks first
  hookctl profile remove old-board --yes`,
		Args: exactArgs(1, "NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, err := profileName(args[0])
			if err != nil {
				return err
			}
			path := f.configPath()
			doc, err := config.ReadDoc(path)
			if err != nil {
				return err
			}
			keys, ok := doc.Profile(name)
			switch {
			case !ok && isBuiltin(name):
				return &usageError{fmt.Errorf("%s is a built-in profile and cannot be removed", name)}
			case !ok:
				return &usageError{fmt.Errorf("no profile %q in %s", name, path)}
			}
			inKeyring := keys[config.KeySecretStore] == config.SecretStoreKeyring
			if !yes {
				if !f.CanPrompt() {
					return &usageError{fmt.Errorf("refusing to remove profile %s without confirmation: pass --yes", name)}
				}
				what := keys[config.KeyDialect]
				if inKeyring {
					what += ", and its secrets in the OS keyring"
				}
				ok, err := f.Prompter.Confirm(fmt.Sprintf("Remove profile %s (%s)?", name, what), false)
				if err != nil {
					return err
				}
				if !ok {
					fmt.Fprintln(f.IO.ErrOut, "nothing removed")
					return &silentError{code: ExitFailure} // declined, as gh exits
				}
			}
			if cmd.Context().Err() != nil {
				return errInterrupted
			}
			var wasDefault bool
			var left []string
			err = config.EditDoc(path, func(doc *config.Doc) error {
				// Read again under the lock: another hookctl may have
				// changed the file while we asked.
				keys, ok := doc.Profile(name)
				if !ok {
					return &usageError{fmt.Errorf("no profile %q in %s", name, path)}
				}
				inKeyring = keys[config.KeySecretStore] == config.SecretStoreKeyring
				doc.RemoveProfile(name)
				if wasDefault = doc.Default() == name; wasDefault {
					doc.SetDefault("")
				}
				left = doc.ProfileNames()
				return nil
			})
			if err != nil {
				return err
			}
			// The file first: a failure there leaves the keyring entries the
			// profile still needs.
			if inKeyring {
				if store := f.secretStore(); store != nil {
					forgetSecrets(store, name, func(string) bool { return true })
				} else {
					fmt.Fprintf(f.IO.ErrOut, "hookctl: note: the keyring is off (%s); its entries for %s (service %s) were left\n", keyringEnv, name, config.KeyringService)
				}
			}
			success(f, "removed profile %s", name)
			if wasDefault {
				fmt.Fprintln(f.IO.ErrOut, "hookctl: "+noDefaultNote(left))
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "remove without asking")
	return cmd
}

// noDefaultNote says what to do once the default profile is gone, naming
// the profiles left rather than a placeholder.
func noDefaultNote(left []string) string {
	switch len(left) {
	case 0:
		return "it was the default profile and the last one; add another with `hookctl profile add NAME`, or choose a built-in one with `hookctl profile use sandbox`"
	case 1:
		return "it was the default profile; " + left[0] + ", the only one left, is used now (make it explicit with `hookctl profile use " + left[0] + "`)"
	}
	return fmt.Sprintf("it was the default profile; choose another with `hookctl profile use %s` (profiles: %s)", left[0], strings.Join(left, ", "))
}
