package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// ProfileAddOptions are `profile add`'s argument and flags.
type ProfileAddOptions struct {
	f    *Factory
	Name string
	// Dialect is --dialect.
	Dialect string
	// Set holds --set KEY=VALUE, for keys that are not secrets.
	Set []string
	// FromStdin lists the secret keys whose --KEY-stdin flag is set.
	FromStdin []string
	// Insecure is --insecure-storage: secrets in the config file on purpose.
	Insecure bool
	// Check is --check; CheckSet says whether it was given at all.
	Check, CheckSet bool
	// Force replaces an existing profile without asking.
	Force bool
	// MakeDefault is --default.
	MakeDefault bool
}

func newCmdProfileAdd(f *Factory) *cobra.Command {
	opts := &ProfileAddOptions{f: f}
	stdinFlags := map[string]*bool{}
	cmd := &cobra.Command{
		Use:         "add NAME",
		Annotations: prints(outNone),
		Short:       "Add a profile (a guided form on a terminal)",
		Long: `Add a profile. On a terminal this is a guided form: the dialect, then
that dialect's fields, secrets typed without echo, then an optional check of
the credentials. Flags answer questions in advance.

` + later("profile-add-script", func() string {
			return paragraph("In a script, give everything with flags: --dialect, --set KEY=VALUE for the other keys, " +
				"and each secret on stdin (--token-stdin, one line each, in the order of the secret keys: " +
				strings.Join(config.SecretKeys(), ", ") + ") or in the environment as HOOKCTL_<KEY> " +
				"(HOOKCTL_TOKEN, HOOKCTL_AUTH_TOKEN, …). As with gh, a secret is never taken as a plain " +
				"command-line argument: it would stay in shell history and in the process list.")
		}) + `

Keys per dialect:
` + later("dialect-keys", dialectKeysHelp) + `

Secrets go to the OS keyring when one works (every call limited to 3 s), else
to the config file (mode 0600) with a notice; --insecure-storage chooses the
file on purpose, and so does HOOKCTL_KEYRING=off.`,
		Example: `  hookctl profile add work                           # on a terminal: a guided form
  printf '%s\n%s\n' "$TRELLO_KEY" "$TRELLO_TOKEN" | hookctl profile add board --dialect trello --key-stdin --token-stdin --check
  HOOKCTL_AUTH_TOKEN="$SUPPORTBEE_TOKEN" hookctl profile add desk --dialect supportbee --set company=acme`,
		Args: exactArgs(1, "NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, err := profileName(args[0])
			if err != nil {
				return err
			}
			opts.Name = name
			opts.CheckSet = cmd.Flags().Changed("check")
			for _, k := range config.SecretKeys() {
				if *stdinFlags[k] {
					opts.FromStdin = append(opts.FromStdin, k)
				}
			}
			return profileAddRun(cmd, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Dialect, "dialect", "", "backend dialect: "+later("dialect-names", func() string { return strings.Join(dialect.Names(), ", ") }))
	fl.StringArrayVar(&opts.Set, "set", nil, "set a key that is not a secret, as `KEY=VALUE` (repeatable)")
	// One --KEY-stdin flag per secret key of every dialect: made only for
	// a run that may use them (reading every vendor file costs time).
	if f.mayRun("profile", "add") {
		for _, k := range config.SecretKeys() {
			stdinFlags[k] = fl.Bool(k+"-stdin", false, "read the "+k+" secret from stdin (one line)")
		}
	}
	fl.BoolVar(&opts.Insecure, "insecure-storage", false, "keep secrets in the config file (mode 0600) instead of the OS keyring")
	fl.BoolVar(&opts.Check, "check", false, "check the credentials with one API call before saving (asked on a terminal)")
	fl.BoolVar(&opts.Force, "force", false, "replace an existing profile of that name without asking")
	fl.BoolVar(&opts.MakeDefault, "default", false, "make it the default profile")
	return cmd
}

func profileAddRun(cmd *cobra.Command, opts *ProfileAddOptions) error {
	f := opts.f
	ctx := cmd.Context()
	path := f.configPath()
	doc, err := config.ReadDoc(path)
	if err != nil {
		return err
	}
	old, exists := doc.Profile(opts.Name)
	if exists && !opts.Force {
		if !f.CanPrompt() {
			return &usageError{fmt.Errorf("profile %q already exists in %s: pass --force to replace it", opts.Name, path)}
		}
		ok, err := f.Prompter.Confirm(fmt.Sprintf("Profile %s already exists (%s). Replace it?", opts.Name, old[config.KeyDialect]), false)
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(f.IO.ErrOut, "nothing changed")
			return &silentError{code: ExitFailure} // declined, as gh exits
		}
	}

	values, err := opts.gather(f)
	if err != nil {
		return err
	}
	p := config.Profile{Name: opts.Name}
	for k, v := range values {
		if err := p.Set(k, v); err != nil {
			return &usageError{err}
		}
	}

	if save, err := opts.check(cmd, p); err != nil || !save {
		return err
	}
	if ctx.Err() != nil {
		return errInterrupted // Ctrl-C between questions: nothing written
	}

	existedBefore := exists
	var where string
	var isDefault bool
	err = config.EditDoc(path, func(doc *config.Doc) error {
		// Read again under the lock: another hookctl may have changed the
		// file while we asked.
		old, exists := doc.Profile(opts.Name)
		if exists && !existedBefore && !opts.Force {
			return &usageError{fmt.Errorf("profile %q was added to %s meanwhile: pass --force to replace it", opts.Name, path)}
		}
		var keys map[string]string
		keys, where = storeSecrets(f, opts, values, old, exists)
		if err := ctx.Err(); err != nil {
			return errInterrupted
		}
		doc.SetProfile(opts.Name, keys)
		switch others := otherProfiles(doc, opts.Name); {
		case opts.MakeDefault, doc.Default() == "" && len(others) == 0:
			doc.SetDefault(opts.Name)
		case doc.Default() == "" && len(others) == 1:
			// Keep the file's only profile the default, as it was implicitly.
			doc.SetDefault(others[0])
		}
		isDefault = doc.Default() == opts.Name
		return nil
	})
	if err != nil {
		return err
	}
	suffix := ""
	if isDefault {
		suffix = ", the default profile"
	}
	success(f, "saved profile %s (%s; secrets %s)%s", opts.Name, values[config.KeyDialect], where, suffix)
	return nil
}

// otherProfiles lists the file's profiles besides name.
func otherProfiles(doc *config.Doc, name string) []string {
	var out []string
	for _, n := range doc.ProfileNames() {
		if !strings.EqualFold(n, name) {
			out = append(out, n)
		}
	}
	return out
}

// gather collects the profile's keys from flags, stdin, the environment and,
// on a terminal, the guided form. Off a terminal a missing value is a usage
// error naming the flag that gives it.
func (o *ProfileAddOptions) gather(f *Factory) (map[string]string, error) {
	values := map[string]string{}
	for _, kv := range o.Set {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		switch {
		case !ok || k == "":
			return nil, &usageError{fmt.Errorf("--set %q: want KEY=VALUE", kv)}
		case config.IsSecret(k):
			return nil, &usageError{fmt.Errorf("--set %s=…: %s is a secret; pass it with --%s-stdin or $%s, never on the command line", k, k, k, config.EnvName(k))}
		case k == config.KeyDialect:
			if o.Dialect != "" && o.Dialect != v {
				return nil, &usageError{fmt.Errorf("--set dialect=%s conflicts with --dialect %s", v, o.Dialect)}
			}
			o.Dialect = v
			continue
		case !contains(config.Keys(), k) || k == config.KeySecretStore:
			return nil, &usageError{fmt.Errorf("--set %s: unknown profile key (keys: %s)", k, strings.Join(config.Keys()[1:], ", "))}
		}
		values[k] = strings.TrimSpace(v)
	}
	if len(o.FromStdin) > 0 {
		r := bufio.NewReader(f.IO.In)
		ctx := f.ctx
		if ctx == nil {
			ctx = context.Background()
		}
		for _, k := range o.FromStdin {
			// Ctrl-C ends the read at once, on a terminal as in a pipe.
			line, err := untilDone(ctx, func() (string, error) { return r.ReadString('\n') })
			if ctx.Err() != nil {
				return nil, errInterrupted
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				if err != nil {
					return nil, &usageError{fmt.Errorf("--%s-stdin: no line for %s on stdin", k, k)}
				}
				return nil, &usageError{fmt.Errorf("--%s-stdin: empty %s on stdin", k, k)}
			}
			values[k] = line
		}
	}

	prompt := f.CanPrompt()
	if o.Dialect == "" {
		if !prompt {
			return nil, &usageError{fmt.Errorf("missing dialect: pass --dialect %s", strings.Join(config.Dialects(), "|"))}
		}
		d, err := f.Prompter.Select("Dialect:", config.Dialects(), "")
		if err != nil {
			return nil, err
		}
		o.Dialect = d
	}
	o.Dialect = strings.ToLower(o.Dialect)
	if err := config.CheckDialect(o.Dialect); err != nil {
		return nil, &usageError{err}
	}
	values[config.KeyDialect] = o.Dialect
	for k := range values {
		if !config.AllowedKey(o.Dialect, k) {
			return nil, &usageError{fmt.Errorf("%s: %s profile has no such key (keys: %s)", k, webhook.A(o.Dialect), strings.Join(config.DialectKeyNames(o.Dialect), ", "))}
		}
	}
	// Secrets not given on stdin may come from HOOKCTL_<KEY>.
	for _, fl := range config.ProfileKeys(o.Dialect) {
		if fl.Secret && values[fl.Name] == "" {
			values[fl.Name] = f.Getenv(config.EnvName(fl.Name))
		}
	}
	if a, b, ok := config.Conflict(o.Dialect, func(k string) string { return values[k] }); ok {
		return nil, &usageError{fmt.Errorf("%s profile takes %s or %s, not both", webhook.A(o.Dialect), a, b)}
	}
	if prompt {
		if err := askProfileFields(f, o.Dialect, values); err != nil {
			return nil, err
		}
	}
	if miss := config.Missing(o.Dialect, func(k string) string { return values[k] }); len(miss) > 0 {
		return nil, &usageError{missingKeyError(o.Dialect, miss[0])}
	}
	if u := values[config.KeyBaseURL]; u != "" {
		if err := checkBaseURL(u); err != nil {
			return nil, &usageError{err}
		}
		if pw := config.URLPassword(u); pw != "" {
			f.Redactor.Add(pw)
			fmt.Fprintln(f.IO.ErrOut, "hookctl: warning: base-url holds a password: it stays in the config file (not the keyring), and on the command line it is visible to other users in the process list")
		}
	}
	for k, v := range values {
		if v == "" {
			delete(values, k)
		}
	}
	return values, nil
}

// missingKeyError names the flag (or variable) that supplies a key.
func missingKeyError(dialect string, fl config.Field) error {
	if fl.Secret {
		return fmt.Errorf("missing %s for the %s profile: pass --%s-stdin (and the %s on stdin) or set %s", fl.Name, dialect, fl.Name, fl.Name, config.EnvName(fl.Name))
	}
	if fl.Unless != "" {
		other := "VALUE"
		if fl.Unless == config.KeyBaseURL {
			other = "URL"
		}
		return fmt.Errorf("missing %s for the %s profile: pass --set %s=VALUE (or --set %s=%s)", fl.Name, dialect, fl.Name, fl.Unless, other)
	}
	return fmt.Errorf("missing %s for the %s profile: pass --set %s=VALUE", fl.Name, dialect, fl.Name)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// dialectKeysHelp is the "Keys per dialect" table of profile add --help,
// from the dialects' descriptors.
func dialectKeysHelp() string {
	return dialectTable(func(d *spec.Descriptor) string {
		var req, opt, secret []string
		alt := map[string]bool{}
		for _, k := range d.Keys {
			if k.Required && k.Unless != "" {
				alt[k.Unless] = true
			}
		}
		for _, k := range d.Keys {
			switch {
			case k.Required && k.Unless != "":
				req = append(req, k.Name+" or "+k.Unless)
			case k.Required:
				req = append(req, k.Name)
			case !alt[k.Name]:
				opt = append(opt, k.Name)
			}
			if k.Secret {
				secret = append(secret, k.Name)
			}
		}
		line := strings.Join(req, ", ")
		if len(opt) > 0 {
			line += "; optional " + strings.Join(opt, ", ")
		}
		if len(secret) > 0 {
			line += "; secrets: " + strings.Join(secret, ", ")
		}
		return line
	}, "any", strings.Join(config.CommonKeys, ", "))
}
