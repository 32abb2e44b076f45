package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hookctl/hookctl/internal/output"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// defaultDeliveries is how many deliveries `deliveries ID` lists unless
// --limit says otherwise.
const defaultDeliveries = 30

// DeliveriesOptions are deliveries' arguments and flags.
type DeliveriesOptions struct {
	f          *Factory
	ID         string
	DeliveryID string
	Limit      int
	Redeliver  bool
	Quiet      bool
	Status     string
	Failed     bool
	// args are the command's arguments, read once the profile's dialect
	// says whether its log is a webhook's (ID [DELIVERY]) or the
	// account's ([DELIVERY]).
	args []string
}

func newCmdDeliveries(f *Factory) *cobra.Command { return newDeliveriesCmd(f) }

func newDeliveriesCmd(f *Factory) *cobra.Command {
	opts := &DeliveriesOptions{f: f}
	cmd := &cobra.Command{
		Use:         "deliveries [ID] [DELIVERY [--redeliver]] [--limit N]",
		Annotations: prints(outDeliveries),
		Short:       "Show a webhook's recent deliveries, where the backend keeps them",
		Long: `Show the deliveries the backend made to a webhook, from the backend's own
log: with ID, the most recent first (id, event, status code, status,
duration, time; --limit, default 30, follows the backend's pages); with ID
DELIVERY, one delivery with its request and response headers and bodies;
--redeliver asks the backend to send that delivery again.

` + later("deliveries-kept", func() string {
			return paragraph("Backends that keep such a log: "+keptLogs()+". For "+
				dialectsWhere(func(d *spec.Descriptor) bool { return d.Schema.LogRetention == "" })+
				", deliveries says so and exits 2 without a request: record deliveries yourself with "+
				"`hookctl listen --record FILE` and send them again with `hookctl replay`.") + "\n" +
				paragraph("--status filters the list where the backend does ("+dialectsWhere(filtersDeliveries)+"). "+
					"Where the log is the account's, not a webhook's ("+dialectsWhere(accountLog)+"), "+
					"deliveries takes no ID: hookctl deliveries [DELIVERY].")
		}) + `

On a terminal, status codes are coloured (2xx green, 3xx yellow, others
red); -o json, jsonl, yaml, --jq and --template print the deliveries (the
backend's own JSON with --raw).`,
		Example: `  id=$(hookctl -p sandbox-github create --url https://example.com/gh -q) && hookctl -p sandbox-github deliveries "$id" --limit 100 -o json
  # one delivery, and sending it again:
  #   hookctl -p sandbox-github deliveries 12345678 93157112
  #   hookctl -p sandbox-github deliveries 12345678 93157112 --redeliver`,
		Args: rangeArgs(0, 2, "[ID] [DELIVERY]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.args = args
			if opts.Failed {
				if opts.Status != "" && opts.Status != "failed" {
					return &usageError{fmt.Errorf("--failed is --status failed: give one of them")}
				}
				opts.Status = "failed"
			}
			if opts.Limit < 0 {
				return webhook.Invalid("--limit", "must be 1 or more, got %d", opts.Limit)
			}
			return deliveriesRun(cmd, opts)
		},
	}
	cmd.Flags().IntVar(&opts.Limit, "limit", defaultDeliveries, "list at most this many deliveries")
	cmd.Flags().BoolVar(&opts.Redeliver, "redeliver", false, "ask the backend to send DELIVERY again")
	cmd.Flags().StringVar(&opts.Status, "status", "", "list only deliveries with this status, where the backend filters them ("+later("filters-log", func() string { return dialectsWhere(filtersDeliveries) })+"): a status code, successful, client_failure or server_failure")
	cmd.Flags().BoolVar(&opts.Failed, "failed", false, "list only the deliveries that failed (--status failed)")
	cmd.Flags().BoolVarP(&opts.Quiet, "quiet", "q", false, "print delivery ids only, one a line")
	return cmd
}

func deliveriesRun(cmd *cobra.Command, opts *DeliveriesOptions) error {
	f := opts.f
	schema, err := f.Schema()
	if err != nil {
		return err
	}
	if err := opts.readArgs(schema); err != nil {
		return err
	}
	b, err := f.Backend()
	if err != nil {
		return err
	}
	logger, ok := b.(webhook.DeliveryLogger)
	if !ok {
		return &usageError{noDeliveryLog(schema)}
	}
	ctx := cmd.Context()
	list := logger.Deliveries
	if opts.Status != "" {
		filter, ok := b.(webhook.DeliveryStatusFilter)
		if !ok || opts.DeliveryID != "" {
			return &usageError{fmt.Errorf("--status filters the list of a backend that filters its log (%s)", dialectsWhere(filtersDeliveries))}
		}
		list = func(ctx context.Context, id string, limit int, cursor string) ([]webhook.Delivery, string, error) {
			return filter.DeliveriesByStatus(ctx, id, opts.Status, limit, cursor)
		}
	}
	whose := "webhook " + opts.ID
	if schema.AccountLog {
		whose = "the account"
	}
	if opts.Redeliver {
		if err := logger.Redeliver(ctx, opts.ID, opts.DeliveryID); err != nil {
			return fmt.Errorf("redeliver %s of %s: %w", opts.DeliveryID, whose, err)
		}
		fmt.Fprintf(f.IO.ErrOut, "hookctl: asked %s to send delivery %s again; see the new attempt with hookctl deliveries %s\n", schema.Dialect, opts.DeliveryID, opts.ID)
		return nil
	}
	p, err := f.Printer(nil, opts.Quiet)
	if err != nil {
		return err
	}
	if opts.DeliveryID != "" {
		d, err := logger.Delivery(ctx, opts.ID, opts.DeliveryID)
		if err != nil {
			return fmt.Errorf("delivery %s of %s: %w", opts.DeliveryID, whose, err)
		}
		return p.Delivery(d)
	}
	limit := opts.Limit
	if limit == 0 {
		limit = defaultDeliveries
	}
	var all []webhook.Delivery
	cursor := ""
	for len(all) < limit {
		page, next, err := list(ctx, opts.ID, min(limit-len(all), 100), cursor)
		if err != nil {
			return fmt.Errorf("deliveries of %s: %w", whose, err)
		}
		all = append(all, page...)
		if next == "" || next == cursor || len(page) == 0 {
			break
		}
		cursor = next
	}
	if len(all) > limit {
		all = all[:limit]
	}
	rows := make([][]string, len(all))
	for i, d := range all {
		rows[i] = output.DeliveryRow(d)
	}
	var data any = all
	if f.Opts.Raw {
		raws := make([]json.RawMessage, len(all))
		for i, d := range all {
			raws[i] = d.Raw
		}
		data = raws
	}
	if all == nil {
		data = []webhook.Delivery{}
		if schema.LogRetention != "" {
			fmt.Fprintf(f.IO.ErrOut, "hookctl: %s has no deliveries in the log (%s keeps %s of them)\n", webhook.Escape(whose), schema.Dialect, schema.LogRetention)
		}
	}
	return p.StatusRecords(output.DeliveryHeaders, rows, data, output.DeliveryStatusCol)
}

// readArgs reads ID [DELIVERY], or [DELIVERY] where the log is the
// account's.
func (opts *DeliveriesOptions) readArgs(schema *webhook.Schema) error {
	args := opts.args
	if schema.AccountLog {
		if len(args) > 1 {
			return &usageError{fmt.Errorf("%s's delivery log is the account's, not a webhook's: hookctl deliveries [DELIVERY]", schema.Dialect)}
		}
		if len(args) == 1 {
			opts.DeliveryID = args[0]
		}
	} else {
		if len(args) == 0 {
			return &usageError{fmt.Errorf("missing the webhook's ID: hookctl deliveries ID [DELIVERY]")}
		}
		opts.ID = args[0]
		if len(args) == 2 {
			opts.DeliveryID = args[1]
		}
		if err := schema.ValidateID(opts.ID); err != nil {
			return err
		}
	}
	if opts.Redeliver && opts.DeliveryID == "" {
		return &usageError{fmt.Errorf("--redeliver needs the DELIVERY to send again")}
	}
	return nil
}

// accountLog: the dialect's delivery log is the account's.
func accountLog(d *spec.Descriptor) bool { return d.Schema.AccountLog }

// noDeliveryLog explains that a dialect's backend keeps no delivery log.
func noDeliveryLog(schema *webhook.Schema) error {
	what := schema.Dialect + " keeps no delivery log"
	if _, ok := schema.Field("failures"); ok {
		what += " (a webhook only counts its failed deliveries: hookctl get ID failures)"
	}
	return fmt.Errorf("deliveries: %s; record deliveries with `hookctl listen --record FILE` and send them again with `hookctl replay FILE`", what)
}

// filtersDeliveries: the backend filters its delivery log by status.
func filtersDeliveries(d *spec.Descriptor) bool { return d.Schema.LogStatusFilter }

// keptLogs names the dialects with a delivery log and how long each keeps it.
func keptLogs() string {
	var out []string
	for _, d := range dialect.All() {
		if d.Schema.LogRetention != "" {
			out = append(out, d.Name+" ("+d.Schema.LogRetention+")")
		}
	}
	return webhook.And(out)
}
