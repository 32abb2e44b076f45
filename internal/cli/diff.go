package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/hookctl/hookctl/internal/manifest"
	"github.com/hookctl/hookctl/internal/output"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// DiffOptions are diff's flags.
type DiffOptions struct {
	f *Factory
	planFlags
	Prune bool
}

func newCmdDiff(f *Factory) *cobra.Command {
	opts := &DiffOptions{f: f}
	cmd := &cobra.Command{
		Use:         "diff -f FILE|-",
		Annotations: prints(outPlan),
		Short:       "Show what apply would change",
		Long: `Compare a webhooks file with the profile's webhooks and show what apply would
do: one entry per create, update and delete. On a terminal it prints a
unified-style field diff; in a pipe, or with -o json, a JSON array of actions.

diff shows what apply with the same flags would do: webhooks absent from
the file are kept and only counted ("N absent from the file, kept"), unless
--prune shows them as deletions, as apply --prune deletes them. apply
--dry-run prints the same plan.

Exit status: 0 no differences, 1 differences, above 1 an error.`,
		Example: `  hookctl diff -f webhooks.yaml
  hookctl diff -f webhooks.yaml --prune
  hookctl -p sandbox export | hookctl -p sandbox-github diff -f - --drop-unsupported`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return diffRun(cmd.Context(), opts)
		},
	}
	opts.planFlags.register(cmd.Flags())
	cmd.Flags().BoolVar(&opts.Prune, "prune", false, "show webhooks absent from the file as deletions (what apply --prune does)")
	return cmd
}

func diffRun(ctx context.Context, opts *DiffOptions) error {
	f := opts.f
	err := func() error {
		pl, err := loadPlan(ctx, f, &opts.planFlags, opts.Prune)
		if err != nil {
			return err
		}
		if err := printPlan(ctx, f, pl); err != nil {
			return err
		}
		fmt.Fprintln(f.IO.ErrOut, planSummary(pl.plan))
		if len(pl.plan.Actions) > 0 {
			return &silentError{code: 1}
		}
		return nil
	}()
	// kubectl's convention: 1 means "differs", so a plain failure exits 2.
	if err != nil && ExitCode(err) == ExitFailure {
		var silent *silentError
		if !errors.As(err, &silent) {
			report(f, err, ExitFailure)
			return &silentError{code: ExitUsage}
		}
	}
	return err
}

// planFlags are the flags apply and diff share: the file and how it maps
// onto the profile's dialect.
type planFlags struct {
	file               string
	dropUnsupported    bool
	allowUnknownEvents bool
}

func (p *planFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&p.file, "filename", "f", "", "webhooks file, or - for stdin (YAML or JSON)")
	fs.BoolVar(&p.dropUnsupported, "drop-unsupported", false, "drop (and report) fields the profile's dialect lacks instead of refusing the file")
	fs.BoolVar(&p.allowUnknownEvents, "allow-unknown-events", false, "accept event names hookctl does not know")
}

// loadedPlan is a plan with what carrying it out needs.
type loadedPlan struct {
	plan    *manifest.Plan
	schema  *webhook.Schema
	backend webhook.Backend
	file    string
}

// loadPlan reads and checks the file (every problem reported, exit 2,
// before any request), lists the profile's webhooks and plans.
func loadPlan(ctx context.Context, f *Factory, pf *planFlags, prune bool) (*loadedPlan, error) {
	if pf.file == "" {
		return nil, &usageError{errors.New("pass the webhooks file with -f FILE (or -f - for stdin)")}
	}
	name := pf.file
	if pf.file == "-" {
		name = "stdin"
	}
	if pf.file == "-" {
		readingHint(f, "the webhooks file")
	}
	data, err := readManifest(ctx, f.IO.In, pf.file)
	if err != nil {
		return nil, &usageError{fmt.Errorf("reading %s: %w", name, err)}
	}
	file, err := parseManifest(ctx, data)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, fileProblems(f, name, err)
	}
	schema, err := f.Schema()
	if err != nil {
		return nil, err
	}
	if file.Dialect != "" {
		if _, err := dialect.Schema(file.Dialect); err != nil {
			return nil, fileProblems(f, name, err)
		}
	}
	checked, notices, err := manifest.Check(file, schema, manifest.CheckOptions{
		DropUnsupported: pf.dropUnsupported, AllowUnknownEvents: pf.allowUnknownEvents,
	})
	for _, n := range notices {
		fmt.Fprintln(f.IO.ErrOut, f.Redactor.String("hookctl: "+name+": "+n.String()))
	}
	if err != nil {
		return nil, fileProblems(f, name, err)
	}
	b, err := f.Backend()
	if err != nil {
		return nil, err
	}
	current, err := b.List(ctx)
	if err != nil {
		return nil, err
	}
	return &loadedPlan{plan: manifest.NewPlan(current, checked, schema, prune), schema: schema, backend: b, file: name}, nil
}

// maxProblems caps how many problems of a file are listed.
const maxProblems = 50

// fileProblems reports what is wrong with a file, one problem a line, and
// returns the exit-2 error. A dialect that cannot hold some fields gets a
// hint on how to proceed.
func fileProblems(f *Factory, name string, err error) error {
	var ps manifest.Problems
	if !errors.As(err, &ps) {
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(ps) == 1 {
		return fmt.Errorf("%s: %w", name, err)
	}
	w := f.IO.ErrOut
	fmt.Fprintf(w, "hookctl: %s: %d problems, nothing was sent:\n", name, len(ps))
	for i, p := range ps {
		if i == maxProblems {
			fmt.Fprintf(w, "  … and %d more\n", len(ps)-maxProblems)
			break
		}
		fmt.Fprintln(w, f.Redactor.String("  "+p.String()))
	}
	if strings.Contains(err.Error(), "webhooks have no") {
		fmt.Fprintln(w, "hint: remove those fields from the file, or pass --drop-unsupported to drop them")
	}
	return &silentError{code: ExitUsage}
}

// printPlan prints the actions: a unified-style diff on a terminal (or with
// -o text/table), otherwise JSON (or -o yaml/jsonl, --jq, --template).
func printPlan(ctx context.Context, f *Factory, pl *loadedPlan) error {
	actions := pl.plan.Actions
	if actions == nil {
		actions = []manifest.Action{}
	}
	format := f.Format() // the output policy: text on a terminal, JSON in a pipe
	if !f.FormatChosen() {
		format = f.defaultFormat(outPlan) // apply --dry-run prints the plan too
	}
	switch format {
	case output.Table, formatText:
		return writePlanText(f.IO.Out, actions, f.IO.ColorEnabled())
	case output.JSON, output.JSONL, output.YAML:
	default:
		return &usageError{fmt.Errorf("the plan prints as table (text), json, jsonl or yaml, not %q", format)}
	}
	p, err := output.New(f.IO.Out, output.Options{Format: format, JQ: f.Opts.JQ, Template: f.Opts.Template, Context: ctx})
	if err != nil {
		return err
	}
	return p.Records(nil, nil, actions)
}

// writePlanText writes the plan as a unified-style diff:
//
//   - create https://example.com/new model=4d5e…
//   - url: https://example.com/new
//     ~ update https://example.com/a model=4d5e… (id 5abb…)
//   - description: old
//   - description: new
//   - delete https://example.com/gone model=4d5e… (id 5abb…)
func writePlanText(w io.Writer, actions []manifest.Action, color bool) error {
	var b strings.Builder
	pal := output.NewPalette(color)
	line := func(paint func(string) string, text string) {
		b.WriteString(paint(text) + "\n")
	}
	for _, a := range actions {
		id := ""
		if a.ID != "" {
			id = " (id " + webhook.Escape(a.ID) + ")"
		}
		switch a.Op {
		case manifest.Create:
			line(pal.Good, "+ create "+webhook.Escape(a.Key))
			for _, d := range a.Diffs {
				line(pal.Good, "+     "+d.Field+": "+displayValue(d.New))
			}
		case manifest.Update:
			line(pal.Warn, "~ update "+webhook.Escape(a.Key)+id)
			for _, d := range a.Diffs {
				line(pal.Bad, "-     "+d.Field+": "+displayValue(d.Old))
				line(pal.Good, "+     "+d.Field+": "+displayValue(d.New))
			}
		case manifest.Delete:
			line(pal.Bad, "- delete "+webhook.Escape(a.Key)+id)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// displayValue shows a field value on one line: plain text when that is
// unambiguous, quoted otherwise; lists in brackets.
func displayValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "(none)"
	case string:
		if v == "" || strings.TrimSpace(v) != v || webhook.Escape(v) != v {
			return strconv.Quote(v) // escapes every control character
		}
		return v
	case []string:
		parts := make([]string, len(v))
		for i, s := range v {
			parts[i] = displayValue(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return webhook.Text(v)
}

// planSummary is the one-line count of a plan, for stderr.
func planSummary(p *manifest.Plan) string {
	if len(p.Actions) == 0 {
		return fmt.Sprintf("no differences (%s)", plural(p.Unchanged, "webhook")+" unchanged"+keptNote(p))
	}
	return fmt.Sprintf("%d to create, %d to update, %d to delete, %d unchanged",
		p.Count(manifest.Create), p.Count(manifest.Update), p.Count(manifest.Delete), p.Unchanged) + keptNote(p)
}

// keptNote says how many of the backend's webhooks the file lacks and a
// plan without --prune keeps.
func keptNote(p *manifest.Plan) string {
	if p.Kept == 0 {
		return ""
	}
	return fmt.Sprintf("; %d absent from the file, kept (--prune deletes them)", p.Kept)
}

// parseManifest parses a webhooks file; Ctrl-C does not wait for a large
// one (the YAML decoder itself cannot be stopped, so it is left to finish
// on its own while the run ends).
func parseManifest(ctx context.Context, data []byte) (*manifest.File, error) {
	return untilDone(ctx, func() (*manifest.File, error) { return manifest.ParseContext(ctx, data) })
}

// maxManifest is the largest webhooks file read: far above any real one,
// and a bound on what `-f /dev/zero` or a runaway pipe can take.
const maxManifest = 16 << 20

// readManifest reads the webhooks file path ("-": stdin) under ctx: the
// read runs on its own goroutine, abandoned when Ctrl-C ends the run, so a
// pipe that never closes does not hold it.
func readManifest(ctx context.Context, stdin io.Reader, path string) ([]byte, error) {
	r := stdin
	if path != "-" {
		fh, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		r = fh
	}
	data, err := untilDone(ctx, func() ([]byte, error) { return io.ReadAll(io.LimitReader(r, maxManifest+1)) })
	if err == nil && len(data) > maxManifest {
		return nil, fmt.Errorf("larger than %d MiB; a webhooks file is far smaller", maxManifest>>20)
	}
	return data, err
}
