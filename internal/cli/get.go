package cli

import (
	"encoding/json"
	"fmt"

	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// GetOptions are get's arguments.
type GetOptions struct {
	f     *Factory
	ID    string
	Field string
}

func newCmdGet(f *Factory) *cobra.Command {
	opts := &GetOptions{f: f}
	return &cobra.Command{
		Use:         "get ID [FIELD]",
		Annotations: prints(outWebhooks),
		Short:       "Show one webhook, or one bare field value",
		Long: `Show one webhook. With FIELD, print that field's bare value (a string
unquoted, a list comma-separated), ready for a shell variable. FIELD takes the
common names (url, description, model, events, active, failures) and the
dialect's own (callbackURL, idModel, callbackUrl, enabled, name).`,
		Example: `  hookctl get 5abbe4b7ddc1b351ef961414
  url=$(hookctl get 5abbe4b7ddc1b351ef961414 url)`,
		Args: rangeArgs(1, 2, "ID [FIELD]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if len(args) == 2 {
				opts.Field = args[1]
			}
			return getRun(cmd, opts)
		},
	}
}

func getRun(cmd *cobra.Command, opts *GetOptions) error {
	f := opts.f
	b, err := f.Backend()
	if err != nil {
		return err
	}
	schema := b.Schema()
	if err := schema.ValidateID(opts.ID); err != nil {
		return err
	}
	var field *webhook.Field
	if opts.Field != "" {
		if field, err = schema.LookupField(opts.Field); err != nil {
			return err
		}
	}
	p, err := f.Printer(schema, false)
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	if field == nil {
		w, err := b.Get(ctx, opts.ID)
		if err != nil {
			return fmt.Errorf("get webhook %s: %w", opts.ID, err)
		}
		return p.One(w)
	}
	if fg, ok := b.(webhook.FieldGetter); ok {
		raw, err := fg.GetField(ctx, opts.ID, field)
		if err != nil {
			return fmt.Errorf("get %s of webhook %s: %w", field.Name, opts.ID, err)
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("get %s of webhook %s: %w", field.Name, opts.ID, err)
		}
		return p.Value(v)
	}
	w, err := b.Get(ctx, opts.ID)
	if err != nil {
		return fmt.Errorf("get webhook %s: %w", opts.ID, err)
	}
	v, _ := w.Value(field.Name)
	return p.Value(v)
}
