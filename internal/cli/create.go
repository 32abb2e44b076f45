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
	// SecretOut receives the signing secret shown once (--secret-out).
	SecretOut string
	// NoSecret leaves the profile's signing secret off the new webhook.
	NoSecret bool
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
` + later("create-required", func() string { return dialectTable(requiredFlags) }) + `

Where a webhook's signing secret is write-only (` + later("write-only-secret", func() string { return dialectsWhere(writeOnlySecret) }) + `), give it with
--secret-stdin or --secret-file; without them the profile's secret is set
(the one listen verifies with), unless --no-secret.`,
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
	cmd.Flags().BoolVar(&opts.NoSecret, "no-secret", false, "create the webhook without the profile's signing secret")
	cmd.Flags().StringVar(&opts.SecretOut, "secret-out", "", "write the signing secret the backend shows once ("+later("one-time-secret", func() string { return dialectsWhere(oneTimeSecret) })+") to this new `FILE`, mode 0600")
	cmd.Flags().StringVar(&opts.SecretOut, "token-file", "", "the old name of --secret-out")
	_ = cmd.Flags().MarkHidden("token-file")
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
	if err := checkSecretOut(opts.SecretOut); err != nil {
		return err
	}
	if !opts.NoSecret {
		if err := f.withProfileSecret(schema, &ch); err != nil {
			return err
		}
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
	if w.Secret != "" && opts.SecretOut != "" {
		if err := writeSecretOut(opts.SecretOut, w.Secret); err != nil {
			// The webhook exists: its secret must not be lost with the file.
			_ = printKeepingSecrets(f, []webhook.Webhook{w}, func() error { return nil }, io.Discard, &held)
			return fmt.Errorf("webhook %s created, but its secret was not saved: %w", w.ID, err)
		}
		fmt.Fprintf(f.IO.ErrOut, "hookctl: webhook %s: signing secret written to %s (shown once)\n", webhook.Escape(w.ID), opts.SecretOut)
		w.Secret = ""
	}
	return printKeepingSecrets(f, []webhook.Webhook{w}, func() error { return p.One(w) }, f.IO.Out, &held)
}
