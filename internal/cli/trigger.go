package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// TriggerOptions are trigger's arguments and flags.
type TriggerOptions struct {
	f      *Factory
	Event  string
	ID     string
	URL    string
	Set    []string
	Secret secretFlags
	// Quiet prints nothing: the exit code says whether the endpoint
	// answered 2xx.
	Quiet bool
}

func newCmdTrigger(f *Factory) *cobra.Command { return newTriggerCmd(f) }

func newTriggerCmd(f *Factory) *cobra.Command {
	opts := &TriggerOptions{f: f}
	cmd := &cobra.Command{
		Use:         "trigger EVENT (--url URL | ID) [--set PATH=VALUE]...",
		Annotations: prints(outRecords),
		Short:       "Send a realistic, signed sample delivery of an event",
		Long: `Send a realistic sample delivery of EVENT, in the profile dialect's own
shape, to a URL or to a webhook's callback URL, signed the way the vendor
signs it, and print what the endpoint answered (exit 1 unless 2xx).

` + later("trigger-samples", func() string { return dialectTable(sampleHelp) }) + `

The signing secret comes from --secret-file or --secret-stdin, else
$HOOKCTL_WEBHOOK_SECRET, else the profile's secret; without one the delivery
is sent unsigned. --set PATH=VALUE changes one field of the sample (a dotted
path such as action.data.card.name; list items by index); VALUE is JSON when
it parses as JSON and the field is not a string, else text. A path the
sample does not have is an error. TAB completes event names.`,
		Example: `  hookctl trigger createCard --url http://127.0.0.1:8080/hook
  hookctl trigger commentCard 5abbe4b7ddc1b351ef961414 --set action.data.text='Ship it'
  hookctl -p sandbox-github trigger pull_request --url http://127.0.0.1:8080/gh --set pull_request.title='Fix it'`,
		Args: rangeArgs(1, 2, "EVENT (--url URL | ID)"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return f.completeDeliveryEvents(toComplete)
			}
			if len(args) == 1 && opts.URL == "" {
				return f.completeIDs(cmd, nil, toComplete)
			}
			return nil, noFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Event = args[0]
			if len(args) == 2 {
				opts.ID = args[1]
			}
			if (opts.ID == "") == (opts.URL == "") {
				return &usageError{fmt.Errorf("give a webhook ID or --url URL (one of them)")}
			}
			return triggerRun(cmd, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.URL, "url", "", "send the delivery to this URL instead of a webhook's callback URL")
	fl.StringArrayVar(&opts.Set, "set", nil, "change a field of the sample: PATH=VALUE (repeatable)")
	opts.Secret.register(fl, "signs")
	fl.BoolVarP(&opts.Quiet, "quiet", "q", false, "print nothing: the exit code says whether the endpoint answered 2xx")
	return cmd
}

// completeDeliveryEvents offers the profile dialect's sample events.
func (f *Factory) completeDeliveryEvents(toComplete string) ([]string, cobra.ShellCompDirective) {
	p, err := f.Profile()
	if err != nil {
		return nil, noFileComp
	}
	d, err := dialect.Lookup(p.Dialect)
	if err != nil || d.Samples == nil {
		return nil, noFileComp
	}
	return filterPrefix(d.Samples.Events, toComplete), noFileComp
}

// triggerResult is trigger's output in json, yaml, --jq and --template.
type triggerResult struct {
	URL       string  `json:"url"`
	Event     string  `json:"event"`
	Status    int     `json:"status"`
	Signed    bool    `json:"signed"`
	ElapsedMS float64 `json:"elapsed_ms"`
}

func triggerRun(cmd *cobra.Command, opts *TriggerOptions) error {
	f := opts.f
	prof, err := f.Profile()
	if err != nil {
		return err
	}
	d, err := dialect.Lookup(prof.Dialect)
	if err != nil {
		return err
	}
	shape := d.Samples
	if shape == nil {
		return webhook.Invalid("", "the %s dialect has no sample deliveries", prof.Dialect)
	}
	if !slices.Contains(shape.Events, opts.Event) {
		return webhook.Invalid("EVENT", "%q: the %s dialect has no sample of that event; events: %s", opts.Event, prof.Dialect, strings.Join(shape.Events, ", "))
	}
	sets, err := parseSets(opts.Set)
	if err != nil {
		return err
	}
	target := opts.URL
	if target != "" {
		if _, err := checkTarget("--url", target); err != nil {
			return err
		}
	}
	secret, _, err := f.webhookSecret(cmd.Context(), prof, opts.Secret)
	if err != nil {
		return err
	}
	p, err := f.Printer(nil, false)
	if err != nil {
		return err
	}
	hook := webhook.Webhook{URL: target}
	if opts.ID != "" {
		s, err := f.Schema()
		if err != nil {
			return err
		}
		if err := s.ValidateID(opts.ID); err != nil {
			return err
		}
	}
	// Check --set against a sample before any request: a bad path is exit 2
	// with nothing sent.
	now := time.Now()
	header, body, err := shape.Sample(opts.Event, hook, now)
	if err != nil {
		return webhook.Invalid("EVENT", "%v", err)
	}
	if err := applySets(body, sets, opts.Event); err != nil {
		return err
	}
	if opts.ID != "" {
		b, err := f.Backend()
		if err != nil {
			return err
		}
		if hook, err = b.Get(cmd.Context(), opts.ID); err != nil {
			return fmt.Errorf("trigger: webhook %s: %w", webhook.Escape(opts.ID), err)
		}
		if hook.URL == "" {
			return fmt.Errorf("trigger: webhook %s has no callback URL", opts.ID)
		}
		// The webhook's own URL gets the rule every delivery target
		// gets: a signed delivery never goes over plain http to another
		// host, whatever the backend stored.
		if _, err := checkTarget("url", hook.URL); err != nil {
			return fmt.Errorf("trigger: webhook %s: not sent to %s: plain http only to a loopback host (127.0.0.1, ::1, localhost); give it an https URL", opts.ID, hook.URL)
		}
		target = hook.URL
		if header, body, err = shape.Sample(opts.Event, hook, now); err != nil {
			return webhook.Invalid("EVENT", "%v", err)
		}
		if err := applySets(body, sets, opts.Event); err != nil {
			return err
		}
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	signed := false
	switch signer := d.Signing.Signer; {
	case signer == nil:
	case secret == "":
		fmt.Fprintf(f.IO.ErrOut, "hookctl: no secret: the %s delivery is sent unsigned (give the %s with --secret-file, --secret-stdin or $%s)\n", d.Title, d.Signing.Secret, webhookSecretEnv)
	default:
		signer.Sign(header, raw, secret, target)
		signed = true
	}
	ans, err := sendDelivery(cmd.Context(), f.deliveryClient(), http.MethodPost, target, header, raw)
	if err != nil {
		return fmt.Errorf("trigger: %s: %w", target, err)
	}
	yes := "no"
	if signed {
		yes = "yes"
	}
	took := ans.Elapsed.Round(time.Millisecond)
	// -q: nothing on stdout, the exit code says it.
	if !opts.Quiet {
		if err := p.StatusRecords(
			[]string{"URL", "EVENT", "STATUS", "SIGNED", "TIME"},
			[][]string{{target, opts.Event, statusLine(ans.Status), yes, took.String()}},
			triggerResult{URL: target, Event: opts.Event, Status: ans.Status, Signed: signed, ElapsedMS: float64(ans.Elapsed.Microseconds()) / 1000},
			2,
		); err != nil {
			return err
		}
	}
	if ans.Status < 200 || ans.Status > 299 {
		return fmt.Errorf("trigger: the endpoint answered %s", statusLine(ans.Status))
	}
	return nil
}

// sampleHelp outlines a dialect's sample deliveries: their shape, a few of
// their events and how they are signed.
func sampleHelp(d *spec.Descriptor) string {
	s := d.Samples
	if s == nil {
		return "no samples"
	}
	events := s.Events
	if len(events) > 4 {
		events = events[:4]
	}
	signed := "not signed"
	if d.Signing.Signer != nil {
		signed = "signed with " + d.Signing.Schemes + " (" + d.Signing.Method + ")"
	}
	return s.Shape + "; events such as " + strings.Join(events, ", ") + "; " + signed
}
