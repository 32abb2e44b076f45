package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// CreateOptions are create's flags.
type CreateOptions struct {
	f      *Factory
	fields changeFlags
	Quiet  bool
	// TokenFile receives the signing token shown once (--token-file).
	TokenFile string
}

func newCmdCreate(f *Factory) *cobra.Command {
	opts := &CreateOptions{f: f}
	cmd := &cobra.Command{
		Use:         "create --url URL [--model ID] [--description D] [--event E]... [--active=false]",
		Annotations: prints(outWebhooks),
		Short:       "Create a webhook",
		Long: `Create a webhook and print it. On a terminal, missing required values are
asked for; in a script they are an error naming the flag to pass.

Required:
` + dialectTable(requiredFlags) + `

Where a webhook's signing secret is write-only (` + dialectsWhere(writeOnlySecret) + `), give it with
--secret-stdin or --secret-file.`,
		Example: `  hookctl create --url https://example.com/hook --model 4d5ea62fd76aa1136000000c
  id=$(hookctl create --url https://example.com/hook --model 4d5ea62fd76aa1136000000c -q)
  hookctl -p sandbox-entrust create --url https://example.com/hook --description audit --event user.created`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return createRun(cmd, opts)
		},
	}
	opts.fields.register(cmd.Flags())
	opts.fields.f = f
	cmd.Flags().BoolVarP(&opts.Quiet, "quiet", "q", false, "print the new webhook's id only")
	cmd.Flags().StringVar(&opts.TokenFile, "token-file", "", "write a signing token the backend shows once (entrust) to this new file, mode 0600")
	return cmd
}

func createRun(cmd *cobra.Command, opts *CreateOptions) error {
	f := opts.f
	schema, err := f.Schema()
	if err != nil {
		return err
	}
	ch, err := opts.fields.changes(cmd.Context(), cmd.Flags())
	if err != nil {
		// Report the other flags' problems with it, all at once.
		return webhook.JoinProblems(err, schema.Validate(ch, true, opts.fields.allowUnknownEvents))
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
	if err := checkTokenFile(opts.TokenFile); err != nil {
		return err
	}
	var held bytes.Buffer
	p, err := f.printerTo(&held, schema, opts.Quiet)
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
	if w.Token != "" && opts.TokenFile != "" {
		if err := writeTokenFile(opts.TokenFile, w.Token); err != nil {
			// The webhook exists: its token must not be lost with the file.
			_ = printKeepingTokens(f, []webhook.Webhook{w}, func() error { return nil }, io.Discard, &held)
			return fmt.Errorf("webhook %s created, but its token was not saved: %w", w.ID, err)
		}
		fmt.Fprintf(f.IO.ErrOut, "hookctl: webhook %s: signing token written to %s (shown once)\n", webhook.Escape(w.ID), opts.TokenFile)
		w.Token = ""
	}
	return printKeepingTokens(f, []webhook.Webhook{w}, func() error { return p.One(w) }, f.IO.Out, &held)
}
