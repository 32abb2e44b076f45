package cli

import (
	"testing"

	"github.com/hookctl/hookctl/internal/output"
	"github.com/spf13/cobra"
)

// Every command says what it prints, so that an output flag it does not use
// is refused instead of ignored. A new command must pick a kind.
func TestEveryCommandHasAnOutputPolicy(t *testing.T) {
	root := NewRootCmd(docsFactory(false))
	root.InitDefaultHelpCmd()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden && sub.Name() != "help" {
				continue
			}
			if _, ok := outputSpecs[sub.Annotations[annotationOutput]]; !ok {
				t.Errorf("%s: no output policy (Annotations: prints(...))", sub.CommandPath())
			}
			walk(sub)
		}
	}
	walk(root)
}

func TestResolveOutput(t *testing.T) {
	type flags struct {
		o, jq, tmpl string
		raw, quiet  bool
	}
	tests := []struct {
		kind string
		tty  bool
		in   flags
		want output.Format // "" means refused
	}{
		{outWebhooks, false, flags{}, output.TSV},
		{outWebhooks, true, flags{}, output.Table},
		{outWebhooks, false, flags{raw: true}, output.JSON},
		{outWebhooks, true, flags{raw: true}, output.JSON},
		{outWebhooks, false, flags{raw: true, o: "yaml"}, output.YAML},
		{outWebhooks, false, flags{raw: true, o: "jsonl"}, output.JSONL},
		{outWebhooks, false, flags{raw: true, o: "tsv"}, ""},
		{outWebhooks, false, flags{raw: true, o: "table"}, ""},
		{outWebhooks, false, flags{jq: ".", o: "yaml"}, ""},
		{outWebhooks, false, flags{jq: ".", o: "json"}, output.JSON},
		{outWebhooks, true, flags{jq: "."}, output.JSON},
		{outWebhooks, false, flags{tmpl: "x", o: "csv"}, ""},
		{outWebhooks, false, flags{jq: ".", tmpl: "x"}, ""},
		{outWebhooks, false, flags{quiet: true}, output.TSV},
		{outWebhooks, false, flags{quiet: true, o: "json"}, ""},
		{outWebhooks, false, flags{quiet: true, o: "tsv"}, ""},
		{outWebhooks, false, flags{quiet: true, raw: true}, ""},
		{outWebhooks, false, flags{quiet: true, jq: "."}, ""},
		{outWebhooks, false, flags{o: "xml"}, ""},
		{outRecords, false, flags{raw: true}, ""},
		{outExport, false, flags{}, output.YAML},
		{outExport, false, flags{o: "tsv"}, ""},
		{outExport, false, flags{raw: true}, ""},
		{outPlan, false, flags{}, output.JSON},
		{outPlan, true, flags{}, output.Table},
		{outPlan, false, flags{o: "csv"}, ""},
		{outListen, false, flags{}, output.JSONL},
		{outListen, true, flags{jq: ".x"}, output.JSON},
		{outVersion, false, flags{o: "json"}, output.JSON},
		{outVersion, false, flags{o: "csv"}, output.CSV},
		{outVersion, false, flags{o: "text"}, formatText},
		{outVersion, true, flags{}, formatText},
		{outVersion, false, flags{o: "text", jq: "."}, ""},
		{outPlan, false, flags{o: "text"}, formatText},
		{outWebhooks, false, flags{o: "text"}, ""},
		{outDeliveries, false, flags{raw: true}, output.JSON},
		{outVersion, false, flags{raw: true}, ""},
		{outNone, false, flags{}, ""},
		{outNone, false, flags{o: "json"}, ""},
		{outNone, false, flags{jq: "."}, ""},
		{outNone, false, flags{tmpl: "x"}, ""},
		{outNone, false, flags{raw: true}, ""},
	}
	for _, tt := range tests {
		f := docsFactory(false)
		f.IO.outTTY = tt.tty
		f.Opts.Output, f.Opts.JQ, f.Opts.Template, f.Opts.Raw = tt.in.o, tt.in.jq, tt.in.tmpl, tt.in.raw
		cmd := &cobra.Command{Use: "x", Annotations: prints(tt.kind)}
		q := false
		cmd.Flags().BoolVarP(&q, "quiet", "q", false, "")
		if tt.in.quiet {
			_ = cmd.Flags().Set("quiet", "true")
		}
		got, err := resolveOutput(f, cmd)
		switch {
		case tt.want == "" && tt.kind == outNone && tt.in == (flags{}):
			if err != nil {
				t.Errorf("%s %+v: refused with no output flag: %v", tt.kind, tt.in, err)
			}
		case tt.want == "":
			if err == nil {
				t.Errorf("%s %+v: accepted (format %s), want a usage error", tt.kind, tt.in, got.format)
			} else if ExitCode(err) != ExitUsage {
				t.Errorf("%s %+v: exit %d, want 2", tt.kind, tt.in, ExitCode(err))
			}
		case err != nil:
			t.Errorf("%s %+v: %v", tt.kind, tt.in, err)
		case got.format != tt.want:
			t.Errorf("%s %+v tty=%v: format %s, want %s", tt.kind, tt.in, tt.tty, got.format, tt.want)
		}
	}
}
