package cli

import (
	"context"
	"fmt"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

func newCmdProfileCheck(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:         "check [NAME]",
		Annotations: prints(outNone),
		Short:       "Check a profile's credentials with one API call",
		Long: `Make one cheap authenticated call with the profile (listing its webhooks)
and print ok, or fail with the error and its exit code: 4 for rejected
credentials, 1 for an unreachable backend, 2 for an incomplete profile.

With no NAME, the profile a command would use now.`,
		Example: `  hookctl profile check
  hookctl profile check work && echo usable`,
		Args: rangeArgs(0, 1, "[NAME]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, err := chosenProfile(f, args)
			if err != nil {
				return err
			}
			f.Opts.Profile = name // the Factory resolves it, notices and all
			p, err := f.Profile()
			if err != nil {
				return err
			}
			if err := checkProfile(cmd.Context(), f, p); err != nil {
				return fmt.Errorf("check profile %s: %w", name, err)
			}
			fmt.Fprintf(f.IO.Out, "%s: ok (%s, %s)\n", name, p.Dialect, baseURLOf(p))
			return nil
		},
	}
}

// checkProfile makes the profile's cheapest authenticated call.
func checkProfile(ctx context.Context, f *Factory, p config.Profile) error {
	f.Redactor.Add(p.Secrets()...)
	api, err := f.apiClient(p)
	if err != nil {
		return err
	}
	deliver, err := httpx.New(f.clientOptions())
	if err != nil {
		return err
	}
	b, err := dialect.Open(p.Dialect, p.Values(), dialect.Clients{API: api, Deliver: deliver})
	if err != nil {
		return err
	}
	if a, ok := b.(webhook.Authenticator); ok {
		return a.CheckAuth(ctx)
	}
	_, err = b.List(ctx)
	return err
}

// baseURLOf is the URL the profile talks to, for messages.
func baseURLOf(p config.Profile) string {
	if p.Builtin {
		return "built-in sandbox"
	}
	if u := apiRoot(p); u != "" {
		return config.MaskURL(u)
	}
	return "no base URL"
}

// apiRoot is the profile's API root as its dialect's descriptor derives it
// (base-url, else e.g. SupportBee's company, else the default); "" when
// there is none.
func apiRoot(p config.Profile) string {
	if d, err := dialect.Lookup(p.Dialect); err == nil {
		return d.BaseURL(p.Values())
	}
	return p.BaseURL
}

// check runs `profile add`'s optional check on the profile about to be
// saved and says whether to save it. On a terminal it asks whether to
// check, and after a failure whether to save anyway; in a script --check
// decides and a failure saves nothing.
func (o *ProfileAddOptions) check(cmd *cobra.Command, p config.Profile) (bool, error) {
	f := o.f
	do := o.Check
	if !o.CheckSet && f.CanPrompt() {
		var err error
		if do, err = f.Prompter.Confirm("Check the credentials now (one API call)?", true); err != nil {
			return false, err
		}
	}
	if !do {
		return true, nil
	}
	err := checkProfile(cmd.Context(), f, p)
	switch {
	case err == nil:
		success(f, "profile %s: credentials ok (%s)", p.Name, baseURLOf(p))
		return true, nil
	case cmd.Context().Err() != nil:
		return false, errInterrupted
	case !f.CanPrompt():
		err = fmt.Errorf("check profile %s: %w (nothing saved)", p.Name, err)
		if ExitCode(err) == ExitAuth {
			// The profile is in no file yet: `profile check` could not find it.
			err = withHint(err, fmt.Sprintf("the backend refused these credentials; fix them and run `hookctl profile add %s` again (or save without --check and fix them later)", p.Name))
		}
		f.hintName = p.Name
		return false, err
	}
	fmt.Fprintln(f.IO.ErrOut, f.Redactor.String("hookctl: check failed: "+oneLine(err.Error())))
	save, aerr := f.Prompter.Confirm("Save the profile anyway?", false)
	if aerr != nil {
		return false, aerr
	}
	if !save {
		fmt.Fprintln(f.IO.ErrOut, "nothing saved")
		return false, &silentError{code: ExitCode(err)}
	}
	return true, nil
}
