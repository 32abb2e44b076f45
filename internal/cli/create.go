package cli

import (
	"errors"
	"fmt"

	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// CreateOptions are create's flags.
type CreateOptions struct {
	f      *Factory
	fields changeFlags
	Quiet  bool
}

func newCmdCreate(f *Factory) *cobra.Command {
	opts := &CreateOptions{f: f}
	cmd := &cobra.Command{
		Use:   "create --url URL [--model ID] [--description D] [--event E]... [--active=false]",
		Short: "Create a webhook",
		Long: `Create a webhook and print it. On a terminal, missing required values are
asked for; in a script they are an error naming the flag to pass.

Required: trello --url and --model; supportbee --url; entrust --url and
--event (and --description, its name).`,
		Example: `  hookctl create --url https://example.com/hook --model 4d5ea62fd76aa1136000000c
  id=$(hookctl create --url https://example.com/hook --model 4d5ea62fd76aa1136000000c -q)
  hookctl -p idaas create --url https://example.com/hook --description audit --event user.created`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return createRun(cmd, opts)
		},
	}
	opts.fields.register(cmd.Flags())
	opts.fields.in = f.IO.In
	cmd.Flags().BoolVarP(&opts.Quiet, "quiet", "q", false, "print the new webhook's id only")
	return cmd
}

func createRun(cmd *cobra.Command, opts *CreateOptions) error {
	f := opts.f
	schema, err := f.Schema()
	if err != nil {
		return err
	}
	ch, err := opts.fields.changes(cmd.Flags())
	if err != nil {
		return err
	}
	err = schema.Validate(ch, true, opts.fields.allowUnknownEvents)
	var missing *webhook.ValidationError
	if errors.As(err, &missing) && f.CanPrompt() && schema.Validate(ch, false, opts.fields.allowUnknownEvents) == nil {
		if ch, err = askMissing(f, schema, ch, opts.fields.allowUnknownEvents); err != nil {
			return err
		}
		err = schema.Validate(ch, true, opts.fields.allowUnknownEvents)
	}
	if err != nil {
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
	w, err := b.Create(cmd.Context(), ch)
	if err != nil {
		return fmt.Errorf("create webhook: %w", err)
	}
	f.forgetIDs()
	if w.Token != "" {
		fmt.Fprintln(f.IO.ErrOut, "hookctl: the webhook's signing token is in the output (field token) and will not be shown again: store it now")
	}
	return p.One(w)
}
