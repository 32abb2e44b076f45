package cli

import (
	"context"

	"github.com/hookctl/hookctl/internal/manifest"
	"github.com/hookctl/hookctl/internal/output"
	"github.com/spf13/cobra"
)

// ExportOptions are export's flags.
type ExportOptions struct {
	f       *Factory
	WithIDs bool
}

func newCmdExport(f *Factory) *cobra.Command {
	opts := &ExportOptions{f: f}
	cmd := &cobra.Command{
		Use:         "export [-o yaml|json] [--with-ids]",
		Annotations: prints(outExport),
		Short:       "Print every webhook of the profile as a webhooks file",
		Long: `Print every webhook of the profile as a webhooks file (see
docs/webhooks-as-code.md): the common model, sorted by natural key, with the
profile's dialect. Ids are left out unless --with-ids; read-only state
(failures) and secrets (Entrust's token) never appear.

The output is what apply and diff read, also in another profile:
  hookctl -p sandbox export |
    hookctl -p sandbox-github apply -f - --drop-unsupported`,
		Example: `  hookctl export > webhooks.yaml
  hookctl export -o json --jq '.webhooks[].url'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return exportRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.WithIDs, "with-ids", false, "include each webhook's id (apply ignores ids)")
	return cmd
}

func exportRun(ctx context.Context, opts *ExportOptions) error {
	f := opts.f
	p, err := output.New(f.IO.Out, output.Options{Format: f.Format(), JQ: f.Opts.JQ, Template: f.Opts.Template, Context: ctx})
	if err != nil {
		return err
	}
	schema, err := f.Schema()
	if err != nil {
		return err
	}
	b, err := f.Backend()
	if err != nil {
		return err
	}
	ws, err := b.List(ctx)
	if err != nil {
		return err
	}
	return p.Records(nil, nil, manifest.FromWebhooks(schema, ws, opts.WithIDs))
}
