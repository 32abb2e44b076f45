package cli

import (
	"fmt"
	"strings"

	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// ListOptions are list's flags.
type ListOptions struct {
	f     *Factory
	Model string
	Quiet bool
}

func newCmdList(f *Factory) *cobra.Command {
	opts := &ListOptions{f: f}
	cmd := &cobra.Command{
		Use:         "list",
		Annotations: prints(outWebhooks),
		Aliases:     []string{"ls"},
		Short:       "List webhooks",
		Long:        "List the profile's webhooks: a table on a terminal, tab-separated rows in\na pipe.",
		Example: `  hookctl list
  hookctl list -o json
  hookctl list --jq '.[] | select(.active == false) | .id'
  hookctl list -q | hookctl delete - --yes`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return listRun(cmd, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Model, "model", "", "only webhooks on this model ("+later("field-model", func() string { return dialectsWithField(webhook.FieldModel) })+")")
	cmd.Flags().BoolVarP(&opts.Quiet, "quiet", "q", false, "print ids only, one a line")
	return cmd
}

func listRun(cmd *cobra.Command, opts *ListOptions) error {
	f := opts.f
	b, err := f.Backend()
	if err != nil {
		return err
	}
	schema := b.Schema()
	if opts.Model != "" {
		if err := schema.Validate(webhook.Changes{Model: &opts.Model}, false, false); err != nil {
			return err
		}
	}
	p, err := f.Printer(schema, opts.Quiet)
	if err != nil {
		return err
	}
	ws, err := b.List(cmd.Context())
	if err != nil {
		return fmt.Errorf("list webhooks: %w", err)
	}
	all := ws // the completion cache gets the whole list, not the filtered one
	if opts.Model != "" {
		ws = filterModel(ws, opts.Model)
	}
	if len(ws) == 0 && f.IO.IsStdoutTTY() && !f.FormatChosen() && !opts.Quiet {
		fmt.Fprintln(f.IO.ErrOut, "no webhooks")
	} else {
		err = p.List(ws)
	}
	f.rememberIDs(all) // after the rows: writing the cache does not delay them
	return err
}

// filterModel returns the webhooks on model in a new slice: ws itself is
// left whole.
func filterModel(ws []webhook.Webhook, model string) []webhook.Webhook {
	var out []webhook.Webhook
	for _, w := range ws {
		if w.Model != nil && strings.EqualFold(*w.Model, model) {
			out = append(out, w)
		}
	}
	return out
}
