package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hookctl/hookctl/internal/manifest"
	"github.com/hookctl/hookctl/internal/output"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// ApplyOptions are apply's flags.
type ApplyOptions struct {
	f *Factory
	planFlags
	Prune    bool
	DryRun   bool
	Yes      bool
	NoSecret bool
}

func newCmdApply(f *Factory) *cobra.Command {
	opts := &ApplyOptions{f: f}
	cmd := &cobra.Command{
		Use:         "apply -f FILE|- [--prune] [--dry-run] [--yes]",
		Annotations: prints(outTokens),
		Short:       "Make the profile's webhooks match a file",
		Long: `Make the profile's webhooks match a webhooks file (see
docs/webhooks-as-code.md): create what is missing and update what differs,
matching webhooks by their natural key:

` + later("apply-keys", func() string { return dialectTable(naturalKey) }) + `

Webhooks created get the profile's signing secret where the dialect's
webhooks take one and the file gives none (--no-secret: without it).

Webhooks absent from the file are kept (and counted) unless --prune deletes
them: on a terminal hookctl asks first, elsewhere --yes is required.
--dry-run prints the plan exactly as diff with the same flags does. Running
apply again changes nothing.

The file is checked before any request: a field the profile's dialect cannot
hold is an error listing every such entry (--drop-unsupported drops them
instead, reporting each). Requests run concurrently under the profile's rate
limit; Ctrl-C stops after the requests in flight.`,
		Example: `  hookctl apply -f webhooks.yaml
  hookctl apply -f webhooks.yaml --prune --yes
  hookctl -p sandbox export | hookctl -p sandbox-github apply -f - --drop-unsupported`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return applyRun(cmd.Context(), opts)
		},
	}
	opts.planFlags.register(cmd.Flags())
	fl := cmd.Flags()
	fl.BoolVar(&opts.Prune, "prune", false, "delete webhooks absent from the file")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "print the plan (as diff does) and change nothing")
	fl.BoolVarP(&opts.Yes, "yes", "y", false, "prune without asking")
	fl.BoolVar(&opts.NoSecret, "no-secret", false, "create webhooks without the profile's signing secret")
	return cmd
}

func applyRun(ctx context.Context, opts *ApplyOptions) error {
	f := opts.f
	if opts.Prune && !opts.Yes && !opts.DryRun && !f.CanPrompt() {
		return &usageError{errors.New("--prune deletes the webhooks absent from the file: pass --yes to confirm (nothing was sent)")}
	}
	pl, err := loadPlan(ctx, f, &opts.planFlags, opts.Prune)
	if err != nil {
		return err
	}
	plan := pl.plan
	if opts.DryRun {
		if err := printPlan(ctx, f, pl); err != nil {
			return err
		}
		fmt.Fprintln(f.IO.ErrOut, "dry run, nothing changed: "+planSummary(plan))
		return nil
	}
	if n := plan.Count(manifest.Delete); n > 0 && !opts.Yes {
		if err := writePlanText(f.IO.ErrOut, deletesOf(plan), false); err != nil {
			return err
		}
		ok, err := f.Prompter.Confirm(fmt.Sprintf("Delete %s absent from %s?", plural(n, "webhook"), pl.file), false)
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(f.IO.ErrOut, "nothing changed")
			return &silentError{code: ExitFailure} // declined, as gh exits
		}
	}
	if len(plan.Actions) == 0 {
		fmt.Fprintln(f.IO.ErrOut, applySummary(plan, nil))
		return nil
	}
	if !opts.NoSecret {
		s, err := f.Schema()
		if err != nil {
			return err
		}
		for i := range plan.Actions {
			if plan.Actions[i].Op == manifest.Create {
				if err := f.withProfileSecret(s, &plan.Actions[i].Changes); err != nil {
					return err
				}
			}
		}
	}
	b := pl.backend
	var mu sync.Mutex
	var tokens []webhook.Webhook
	results := runBulk(ctx, f, "applying", plan.Actions, func(ctx context.Context, a manifest.Action) error {
		var err error
		switch a.Op {
		case manifest.Create:
			var w webhook.Webhook
			if w, err = b.Create(ctx, a.Changes); err == nil && w.Secret != "" {
				mu.Lock()
				tokens = append(tokens, w)
				mu.Unlock()
			}
		case manifest.Update:
			_, err = b.Update(ctx, a.ID, a.Changes)
		case manifest.Delete:
			err = b.Delete(ctx, a.ID)
		}
		if err != nil {
			return fmt.Errorf("%s %s: %w", a.Op, a.Key, err)
		}
		return nil
	})
	f.forgetIDs()
	if err := printTokens(f, pl.schema, tokens); err != nil {
		return err
	}
	fmt.Fprintln(f.IO.ErrOut, applySummary(plan, results))
	return results.err(f)
}

// deletesOf is the plan's deletions.
func deletesOf(p *manifest.Plan) []manifest.Action {
	var out []manifest.Action
	for _, a := range p.Actions {
		if a.Op == manifest.Delete {
			out = append(out, a)
		}
	}
	return out
}

// applySummary is the closing line: what was done, what failed, and what
// Ctrl-C left untouched.
func applySummary(p *manifest.Plan, r *bulkResults) string {
	done := map[manifest.Op]int{}
	failed, skipped := 0, 0
	if r != nil {
		for i, a := range p.Actions {
			if r.errs[i] == nil {
				done[a.Op]++
			}
		}
		failed, skipped = r.failed(), r.skipped
	}
	s := fmt.Sprintf("created %d, updated %d, deleted %d, unchanged %d, failed %d",
		done[manifest.Create], done[manifest.Update], done[manifest.Delete], p.Unchanged, failed)
	if skipped > 0 {
		s += fmt.Sprintf(", not started %d (interrupted)", skipped)
	}
	return s + keptNote(p)
}

// printTokens prints the webhooks whose signing secret the backend returns
// only on create (Entrust), so that apply does not lose them: the same row
// create prints, with a token column, on stdout.
func printTokens(f *Factory, schema *webhook.Schema, ws []webhook.Webhook) error {
	if len(ws) == 0 {
		return nil
	}
	slices.SortFunc(ws, func(a, b webhook.Webhook) int {
		return strings.Compare(manifest.DisplayKey(schema, a), manifest.DisplayKey(schema, b))
	})
	o := f.printerOptions(false)
	o.Columns = append(schema.FieldNames(), "token")
	var held bytes.Buffer
	p, err := output.New(&held, o)
	if err != nil {
		return &usageError{err}
	}
	return printKeepingSecrets(f, ws, func() error { return p.List(ws) }, f.IO.Out, &held)
}
