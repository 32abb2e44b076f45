package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hookctl/hookctl/internal/output"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// This file is the one output policy: what each command prints, which of the
// global output flags (-o, --jq, --template, --raw) and -q it takes, and the
// format it prints by default on a terminal and in a pipe. A flag a command
// does not use is refused (exit 2) before the command runs, never ignored.

// annotationOutput names a command's outputSpec (a key of outputSpecs).
const annotationOutput = "hookctl/output"

// outputSpec says what a command prints.
type outputSpec struct {
	// what the command prints, for messages ("webhooks", "the plan").
	what string
	// formats are the -o values it takes; none means -o is refused.
	formats []output.Format
	// tty and pipe are the defaults on a terminal and in a pipe.
	tty, pipe output.Format
	// raw: --raw applies (the backend's own JSON of webhooks).
	raw bool
	// filter: --jq and --template apply.
	filter bool
	// text: -o text is accepted too (the command's own text form).
	text bool
	// quiet is what -q prints, for messages ("" means "ids only").
	quiet string
}

// formatText is -o text, for the commands whose spec accepts it: diff's
// plan as a diff, version's one line.
const formatText output.Format = "text"

var allFormats = []output.Format{output.Table, output.TSV, output.JSON, output.JSONL, output.YAML, output.CSV}

// The kinds of output, by annotation value.
const (
	outWebhooks   = "webhooks"   // list, get, create, update, set-field
	outRecords    = "records"    // test, trigger, replay, profile list, profile show
	outDeliveries = "deliveries" // deliveries: records, or the backend's JSON with --raw
	outTokens     = "tokens"     // apply: the tokens shown once
	outPlan       = "plan"       // diff
	outExport     = "export"     // export
	outListen     = "listen"     // listen
	outVersion    = "version"    // version
	outNone       = "none"       // commands that print no data
)

var outputSpecs = map[string]outputSpec{
	outWebhooks:   {what: "webhooks", formats: allFormats, tty: output.Table, pipe: output.TSV, raw: true, filter: true},
	outRecords:    {what: "a table", formats: allFormats, tty: output.Table, pipe: output.TSV, filter: true},
	outDeliveries: {what: "deliveries", formats: allFormats, tty: output.Table, pipe: output.TSV, raw: true, filter: true},
	outTokens:     {what: "the created webhooks' tokens", formats: allFormats, tty: output.Table, pipe: output.TSV, filter: true},
	outPlan:       {what: "the plan", formats: []output.Format{output.Table, output.JSON, output.JSONL, output.YAML}, tty: output.Table, pipe: output.JSON, filter: true, text: true},
	outExport:     {what: "the common model", formats: []output.Format{output.YAML, output.JSON}, tty: output.YAML, pipe: output.YAML, filter: true},
	outListen:     {what: "deliveries", formats: []output.Format{output.Table, output.JSON, output.JSONL}, tty: output.Table, pipe: output.JSONL, filter: true, quiet: "only failures, on stderr"},
	outVersion:    {what: "the version", formats: allFormats, tty: formatText, pipe: formatText, filter: true, text: true},
	outNone:       {what: "no data"},
}

// prints returns annotations saying that a command prints the given kind of
// output (see outputSpecs), merged with extra.
func prints(kind string, extra ...map[string]string) map[string]string {
	a := map[string]string{annotationOutput: kind}
	for _, m := range extra {
		for k, v := range m {
			a[k] = v
		}
	}
	return a
}

// resolvedOutput is the outcome of the policy for one run.
type resolvedOutput struct {
	spec   outputSpec
	format output.Format
	quiet  bool
}

// resolveOutput checks the output flags against what cmd prints and picks
// its format. A command without an output annotation is left alone (it is
// one TestEveryCommandHasAnOutputPolicy reports).
func resolveOutput(f *Factory, cmd *cobra.Command) (*resolvedOutput, error) {
	kind, ok := cmd.Annotations[annotationOutput]
	if !ok {
		return nil, nil
	}
	spec, ok := outputSpecs[kind]
	if !ok {
		return nil, fmt.Errorf("internal: unknown output kind %q", kind)
	}
	o := f.Opts
	name := cmd.CommandPath()
	quiet := false
	if fl := cmd.Flags().Lookup("quiet"); fl != nil && fl.Value.String() == "true" {
		quiet = true
	}
	refuse := func(format string, args ...any) (*resolvedOutput, error) {
		return nil, &usageError{fmt.Errorf(format, args...)}
	}
	var format output.Format
	if o.Output != "" {
		ff, err := output.ParseFormat(o.Output)
		switch {
		case spec.text && strings.EqualFold(strings.TrimSpace(o.Output), string(formatText)):
			ff = formatText
		case err != nil && len(spec.formats) > 0:
			return nil, &usageError{webhook.Invalid("--output", "unknown format %q (valid formats: %s)", o.Output, validFormats(spec))}
		case err != nil:
			return nil, &usageError{err}
		}
		format = ff
	}
	if len(spec.formats) == 0 {
		for _, fl := range []struct {
			set  bool
			name string
		}{{o.Output != "", "-o/--output"}, {o.JQ != "", "--jq"}, {o.Template != "", "--template"}, {o.Raw, "--raw"}} {
			if fl.set {
				return refuse("%s prints no data: %s does not apply", name, fl.name)
			}
		}
		return &resolvedOutput{spec: spec}, nil
	}
	if format != "" && format != formatText && !slices.Contains(spec.formats, format) {
		return refuse("%s prints %s as %s, not %q", name, spec.what, formatList(spec.formats), o.Output)
	}
	switch {
	case o.JQ != "" && o.Template != "":
		return refuse("--jq cannot be used with --template")
	case (o.JQ != "" || o.Template != "") && !spec.filter:
		return refuse("%s does not print JSON: --jq and --template do not apply", name)
	case o.Raw && !spec.raw:
		return refuse("%s prints %s, not a backend's JSON: --raw does not apply", name, spec.what)
	case quiet && o.Output != "":
		return refuse("-q prints %s: it cannot be used with -o %s", spec.quietWhat(), format)
	case quiet && o.Raw:
		return refuse("-q prints %s: it cannot be used with --raw", spec.quietWhat())
	case quiet && o.JQ != "":
		return refuse("-q prints %s: it cannot be used with --jq", spec.quietWhat())
	case quiet && o.Template != "":
		return refuse("-q prints %s: it cannot be used with --template", spec.quietWhat())
	}
	filter := map[bool]string{true: "--jq", false: "--template"}[o.JQ != ""]
	switch {
	case (o.JQ != "" || o.Template != "") && format != "" && format != output.JSON && format != output.JSONL:
		return refuse("%s works on the JSON output: it cannot be used with -o %s", filter, format)
	case o.Raw && format != "" && format != output.JSON && format != output.JSONL && format != output.YAML:
		return refuse("--raw prints the backend's own JSON: use -o json, jsonl or yaml with it, not -o %s", format)
	}
	if format == "" {
		switch {
		case o.Raw || o.JQ != "" || o.Template != "":
			format = output.JSON
			if !slices.Contains(spec.formats, format) {
				format = spec.pipe
			}
		case f.IO.IsStdoutTTY():
			format = spec.tty
		default:
			format = spec.pipe
		}
	}
	return &resolvedOutput{spec: spec, format: format, quiet: quiet}, nil
}

// quietWhat is what -q prints.
func (s outputSpec) quietWhat() string {
	if s.quiet == "" {
		return "ids only"
	}
	return s.quiet
}

// validFormats is the -o values spec takes, for an error message.
func validFormats(spec outputSpec) string {
	var s []string
	if spec.text {
		s = append(s, string(formatText))
	}
	for _, f := range spec.formats {
		s = append(s, string(f))
	}
	return strings.Join(s, ", ")
}

// formatList is "a, b or c".
func formatList(fs []output.Format) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// Format is the output format the policy chose for this run: the -o given,
// else JSON for --raw, --jq and --template, else the command's default for
// a terminal or a pipe.
func (f *Factory) Format() output.Format {
	if f.out == nil || f.out.format == "" {
		if f.IO.IsStdoutTTY() {
			return output.Table
		}
		return output.TSV
	}
	return f.out.format
}

// defaultFormat is the terminal or pipe default of the given kind of output,
// for a command that prints more than one kind (apply --dry-run: the plan).
func (f *Factory) defaultFormat(kind string) output.Format {
	if f.IO.IsStdoutTTY() {
		return outputSpecs[kind].tty
	}
	return outputSpecs[kind].pipe
}

// FormatChosen reports whether the user chose the format (-o, --jq,
// --template or --raw) rather than the terminal/pipe default.
func (f *Factory) FormatChosen() bool {
	o := f.Opts
	return o.Output != "" || o.JQ != "" || o.Template != "" || o.Raw
}

// printerOptions are the Printer options of the resolved policy.
func (f *Factory) printerOptions(quiet bool) output.Options {
	return output.Options{
		Format: f.Format(), JQ: f.Opts.JQ, Template: f.Opts.Template, Raw: f.Opts.Raw,
		Quiet: quiet, Color: f.IO.ColorEnabled(), Width: f.IO.Width(), Context: f.ctx,
	}
}
