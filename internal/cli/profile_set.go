package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

func newCmdProfileSet(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:         "set NAME KEY [VALUE|-]",
		Annotations: prints(outNone),
		Short:       "Change one key of a profile",
		Long: `Change one key of a profile in the config file, keeping the rest of it:
a credential that was rotated, another base URL, a repository.

A secret key (a token, a key, a shared secret) is never taken on the
command line, where ps and the shell's history keep it: give - as VALUE to
read it from stdin (one line), or leave VALUE out to be asked for it
without echo on a terminal. A profile whose secrets are in the OS keyring
gets the new one there. An empty VALUE removes the key.`,
		Example: `  printf '%s\n' "$TRELLO_TOKEN" | hookctl profile set work token -
  hookctl profile set work token                     # on a terminal: asks, without echo
  hookctl profile set work base-url https://trello.example.com/1`,
		Args: rangeArgs(2, 3, "NAME KEY [VALUE|-]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, err := profileName(args[0])
			if err != nil {
				return err
			}
			value, given := "", len(args) == 3
			if given {
				value = args[2]
			}
			return profileSetRun(cmd.Context(), f, name, strings.ToLower(args[1]), value, given)
		},
	}
}

func profileSetRun(ctx context.Context, f *Factory, name, key, value string, given bool) error {
	path := f.configPath()
	doc, err := config.ReadDoc(path)
	if err != nil {
		return err
	}
	old, ok := doc.Profile(name)
	if !ok {
		if isBuiltin(name) {
			return &usageError{fmt.Errorf("%s is a built-in profile and cannot be changed: add one of your own with `hookctl profile add NAME`", name)}
		}
		return &usageError{fmt.Errorf("no profile %q in %s: add it with `hookctl profile add %s`", name, path, name)}
	}
	dialectName := old[config.KeyDialect]
	switch {
	case key == config.KeyDialect:
		return &usageError{fmt.Errorf("a profile's dialect cannot change: add a new profile with `hookctl profile add NAME --dialect D`")}
	case !config.AllowedKey(dialectName, key):
		return &usageError{fmt.Errorf("%s: %s profile has no such key (keys: %s)", key, webhook.A(dialectName), strings.Join(config.DialectKeyNames(dialectName), ", "))}
	}
	secret := config.IsSecret(key)
	switch {
	case secret && given && value != "-" && value != "":
		return &usageError{fmt.Errorf("%s is a secret: give - to read it from stdin, or leave the value out to be asked on a terminal", key)}
	case given && value == "-":
		if value, err = untilDone(ctx, func() (string, error) { return firstLine("stdin", f.IO.In) }); err != nil {
			if ctx.Err() != nil {
				return errInterrupted
			}
			return &usageError{fmt.Errorf("%s: %v", key, err)}
		}
	case !given && secret && f.CanPrompt():
		if value, err = f.Prompter.Password(key+" (not shown):", "the new "+key+" of profile "+name, func(v string) error {
			if strings.TrimSpace(v) == "" {
				return fmt.Errorf("a value is required")
			}
			return nil
		}); err != nil {
			return err
		}
	case !given && secret:
		return &usageError{fmt.Errorf("pass the new %s on stdin (hookctl profile set %s %s -), or run this on a terminal to be asked for it", key, name, key)}
	case !given:
		return &usageError{fmt.Errorf("usage: hookctl profile set %s %s VALUE", name, key)}
	}
	value = strings.TrimSpace(value)
	if secret {
		f.Redactor.Add(value)
	}
	if key == config.KeyBaseURL && value != "" {
		if err := checkBaseURL(value); err != nil {
			return &usageError{err}
		}
	}
	var dropped string
	err = config.EditDoc(path, func(doc *config.Doc) error {
		keys, ok := doc.Profile(name)
		if !ok {
			return &usageError{fmt.Errorf("profile %q was removed from %s meanwhile", name, path)}
		}
		// A key that excludes another (a repository, an organization)
		// replaces it.
		for _, k := range config.ProfileKeys(dialectName) {
			if k.Name == key && k.Excludes != "" && value != "" && keys[k.Excludes] != "" {
				dropped = k.Excludes
				delete(keys, k.Excludes)
			}
		}
		if secret && keys[config.KeySecretStore] == config.SecretStoreKeyring {
			store := f.secretStore()
			if store == nil {
				return fmt.Errorf("profile %s keeps its secrets in the OS keyring, which this run cannot use (HOOKCTL_KEYRING=off?)", name)
			}
			if value == "" {
				_ = store.Delete(name, key)
			} else if err := store.Set(name, key, value); err != nil {
				return err
			}
			return nil
		}
		if value == "" {
			delete(keys, key)
		} else {
			keys[key] = value
		}
		doc.SetProfile(name, keys)
		return nil
	})
	if err != nil {
		return err
	}
	if dropped != "" {
		fmt.Fprintf(f.IO.ErrOut, "hookctl: profile %s: %s replaces %s\n", name, key, dropped)
	}
	if value == "" {
		success(f, "profile %s: %s removed", name, key)
	} else {
		success(f, "profile %s: %s set", name, key)
	}
	return nil
}
