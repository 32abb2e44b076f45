package cli

import (
	"fmt"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// TestOptions are test's arguments and flags.
type TestOptions struct {
	f     *Factory
	ID    string
	URL   string
	Event string
}

func newCmdTest(f *Factory) *cobra.Command {
	opts := &TestOptions{f: f}
	cmd := &cobra.Command{
		Use:         "test ID [--event E] | --url URL",
		Annotations: prints(outRecords),
		Short:       "Trigger a test delivery",
		Long: `Trigger a test delivery to a webhook's callback URL and print what the
endpoint answered and how long it took.

How each dialect delivers:
` + later("test-method", func() string { return dialectTable(func(d *spec.Descriptor) string { return d.Test }) }) + `

An endpoint that answers other than 2xx, or a delivery that could not be
made, is a failure (exit 1). The built-in sandbox delivers only to loopback
URLs (e.g. hookctl listen's); any other URL is reported as not delivered.`,
		Example: `  hookctl test 5abbe4b7ddc1b351ef961414
  hookctl -p sandbox-supportbee test --url http://127.0.0.1:8080/ --event agent.reply.created`,
		Args: rangeArgs(0, 1, "ID [--event E] | --url URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.ID = args[0]
			}
			if (opts.ID == "") == (opts.URL == "") {
				return &usageError{fmt.Errorf("give a webhook ID or --url URL (one of them)")}
			}
			return testRun(cmd, opts)
		},
	}
	cmd.Flags().StringVar(&opts.URL, "url", "", "send the test to this URL instead of a webhook's")
	cmd.Flags().StringVar(&opts.Event, "event", "", "event type of the sample delivery")
	return cmd
}

func testRun(cmd *cobra.Command, opts *TestOptions) error {
	f := opts.f
	schema, err := f.Schema()
	if err != nil {
		return err
	}
	if opts.ID != "" {
		if err := schema.ValidateID(opts.ID); err != nil {
			return err
		}
	}
	if opts.URL != "" {
		if err := schema.ValidateURL("--url", opts.URL); err != nil {
			return err
		}
		// hookctl itself sends this delivery, signed: the delivery
		// targets' rule (plain http only to loopback), whatever the
		// dialect allows as a webhook's URL.
		if _, err := checkTarget("--url", opts.URL); err != nil {
			return err
		}
	}
	p, err := f.Printer(nil, false)
	if err != nil {
		return err
	}
	b, err := f.Backend()
	if err != nil {
		return err
	}
	t, ok := b.(webhook.Tester)
	if !ok {
		return webhook.Invalid("", "the %s dialect cannot send test deliveries", schema.Dialect)
	}
	if opts.ID != "" {
		// An inactive webhook gets no deliveries from its backend: a test
		// that reached its URL would say nothing about it.
		w, err := b.Get(cmd.Context(), opts.ID)
		if err != nil {
			return fmt.Errorf("test delivery: webhook %s: %w", webhook.Escape(opts.ID), err)
		}
		if w.Active != nil && !*w.Active {
			return fmt.Errorf("test delivery: webhook %s is inactive, so it is sent nothing: activate it with `hookctl update %s --active true`, or test its URL alone with --url", webhook.Escape(opts.ID), webhook.Escape(opts.ID))
		}
	}
	res, err := t.Test(cmd.Context(), webhook.TestRequest{ID: opts.ID, URL: opts.URL, Event: opts.Event})
	if err != nil {
		return fmt.Errorf("test delivery: %w", err)
	}
	if d, err := dialect.Lookup(schema.Dialect); err == nil && d.Signing.Signer != nil && !res.Signed {
		fmt.Fprintf(f.IO.ErrOut, "hookctl: the test delivery was sent unsigned: no %s (a receiver that verifies signatures refuses it)\n", d.Signing.Secret)
	}
	took := res.Elapsed.Round(time.Millisecond).String()
	signed := "no"
	if res.Signed {
		signed = "yes"
	}
	status := fmt.Sprintf("%d %s", res.Status, res.StatusText())
	if err := p.Records(
		[]string{"URL", "EVENT", "STATUS", "SIGNED", "TIME"},
		[][]string{{res.URL, res.Event, status, signed, took}},
		res,
	); err != nil {
		return err
	}
	if res.Status >= 300 {
		return fmt.Errorf("test delivery: the endpoint answered %s", status)
	}
	return nil
}
