package cli

import (
	"fmt"

	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// UpdateOptions are update's arguments and flags.
type UpdateOptions struct {
	f      *Factory
	ID     string
	fields changeFlags
	Quiet  bool
}

func newCmdUpdate(f *Factory) *cobra.Command {
	opts := &UpdateOptions{f: f}
	cmd := &cobra.Command{
		Use:         "update ID [--url URL] [--model ID] [--description D] [--event E]... [--active BOOL]",
		Annotations: prints(outWebhooks),
		Short:       "Change fields of a webhook",
		Example: `  hookctl update 5abbe4b7ddc1b351ef961414 --url https://example.com/new
  hookctl update 5abbe4b7ddc1b351ef961414 --active false`,
		Args: exactArgs(1, "ID [flags]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			return updateRun(cmd, opts)
		},
	}
	opts.fields.register(cmd.Flags())
	opts.fields.f = f
	cmd.Flags().BoolVarP(&opts.Quiet, "quiet", "q", false, "print the webhook's id only")
	return cmd
}

func updateRun(cmd *cobra.Command, opts *UpdateOptions) error {
	f := opts.f
	schema, err := f.Schema()
	if err != nil {
		return err
	}
	if err := schema.ValidateID(opts.ID); err != nil {
		return err
	}
	ch, err := opts.fields.changes(cmd.Context(), cmd.Flags())
	if err != nil {
		// Report the other flags' problems with it, all at once.
		return webhook.JoinProblems(err, schema.Validate(ch, false, opts.fields.allowUnknownEvents))
	}
	if ch.IsEmpty() {
		return webhook.Invalid("", "nothing to update: pass at least one of %s", flagList(schema))
	}
	if err := schema.Validate(ch, false, opts.fields.allowUnknownEvents); err != nil {
		return err
	}
	p, err := f.Printer(schema, opts.Quiet)
	if err != nil {
		return err
	}
	b, err := f.Backend()
	if err != nil {
		return err
	}
	w, err := b.Update(cmd.Context(), opts.ID, ch)
	if err != nil {
		return fmt.Errorf("update webhook %s: %w", opts.ID, err)
	}
	f.forgetIDs() // the URLs shown beside ids may have changed
	return p.One(w)
}

// flagList names the field flags a dialect takes, for error messages.
func flagList(s *webhook.Schema) string {
	out := ""
	for _, fl := range s.Fields {
		if fl.ReadOnly {
			continue
		}
		if out != "" {
			out += ", "
		}
		out += "--" + webhook.FlagName(fl.Name)
	}
	return out
}
