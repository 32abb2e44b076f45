package cli

import (
	"fmt"

	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// SetFieldOptions are set-field's arguments.
type SetFieldOptions struct {
	f     *Factory
	ID    string
	Field string
	Value string
	Quiet bool
	// AllowUnknownEvents lifts the event-name check.
	AllowUnknownEvents bool
}

func newCmdSetField(f *Factory) *cobra.Command {
	opts := &SetFieldOptions{f: f}
	cmd := &cobra.Command{
		Use:         "set-field ID FIELD VALUE",
		Annotations: prints(outWebhooks),
		Short:       "Set one field of a webhook",
		Long: `Set one field of a webhook. FIELD takes the common names (url, description,
model, events, active) and the dialect's own (callbackURL, idModel, callbackUrl,
enabled, name), and a dialect's settings (github: content_type, insecure_ssl).
Events take a comma-separated list.`,
		Example: `  hookctl set-field 5abbe4b7ddc1b351ef961414 active false
  hookctl set-field 5abbe4b7ddc1b351ef961414 description "Board watcher"`,
		Args: exactArgs(3, "ID FIELD VALUE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.Field, opts.Value = args[0], args[1], args[2]
			return setFieldRun(cmd, opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Quiet, "quiet", "q", false, "print the webhook's id only")
	cmd.Flags().BoolVar(&opts.AllowUnknownEvents, "allow-unknown-events", false, "send event names hookctl does not know")
	return cmd
}

func setFieldRun(cmd *cobra.Command, opts *SetFieldOptions) error {
	f := opts.f
	schema, err := f.Schema()
	if err != nil {
		return err
	}
	if err := schema.ValidateID(opts.ID); err != nil {
		return err
	}
	field, err := schema.LookupField(opts.Field)
	if err != nil {
		return err
	}
	ch, err := schema.ParseField(field, opts.Value)
	if err != nil {
		return err
	}
	if err := schema.Validate(ch, false, opts.AllowUnknownEvents); err != nil {
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
	var w webhook.Webhook
	if fs, ok := b.(webhook.FieldSetter); ok {
		w, err = fs.SetField(cmd.Context(), opts.ID, field, canonicalValue(ch, opts.Value))
	} else {
		w, err = b.Update(cmd.Context(), opts.ID, ch)
	}
	if err != nil {
		return fmt.Errorf("set %s of webhook %s: %w", field.Name, opts.ID, err)
	}
	f.forgetIDs() // the URLs shown beside ids may have changed
	return p.One(w)
}

// canonicalValue is the value as the backend wants it: booleans in lower case.
func canonicalValue(ch webhook.Changes, raw string) string {
	if ch.Active != nil {
		return fmt.Sprint(*ch.Active)
	}
	return raw
}
