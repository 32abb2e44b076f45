package cli

import (
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/spf13/cobra"
)

func docsFactory(completing bool) *Factory {
	getenv := func(string) string { return "" }
	return &Factory{
		IO:         NewIOStreams(strings.NewReader(""), io.Discard, io.Discard, getenv),
		Getenv:     getenv,
		Opts:       &GlobalOptions{},
		Redactor:   httpx.NewRedactor(),
		completing: completing,
	}
}

// The table's names are what each builder's command answers to: otherwise
// a run naming it would build every command (slower) and an alias would be
// missed.
func TestSubcommandNamesMatchTheirCommands(t *testing.T) {
	f := docsFactory(false)
	for _, s := range subcommands {
		c := s.build(f)
		got := append([]string{c.Name()}, c.Aliases...)
		if !slices.Equal(got, s.names) {
			t.Errorf("table says %v, command answers to %v", s.names, got)
		}
	}
}

func TestReachable(t *testing.T) {
	f := docsFactory(false)
	flags := newRootCmd(f, []string{"--version"}).PersistentFlags()
	for _, tc := range []struct {
		args       []string
		completing bool
		want       []string // nil: all
	}{
		{args: []string{"list"}, want: []string{"list"}},
		{args: []string{"ls", "-o", "json"}, want: []string{"list"}},
		{args: []string{"-p", "work", "--output", "json", "--debug", "rm", "ID"}, want: []string{"delete"}},
		{args: []string{"--profile=work", "-ojson", "get", "ID"}, want: []string{"get"}},
		{args: []string{"--timeout", "5s", "profile", "add", "x"}, want: []string{"profile"}},
		{args: []string{"list", "--help"}, want: []string{"list"}},
		{args: []string{"--version"}, want: []string{}},
		{args: []string{"-v"}, want: []string{}},
		{args: []string{"--version", "--help"}},
		{args: []string{}},
		{args: []string{"--help"}},
		{args: []string{"help", "list"}},
		{args: []string{"lsit"}},
		{args: []string{"-p", "list"}}, // "list" is the profile's name
		{args: []string{"__complete", "li"}, completing: true},
		{args: []string{"__complete", "list"}, completing: true},
		{args: []string{"__complete", "-p", ""}, completing: true},
		{args: []string{"__complete", "list", ""}, completing: true, want: []string{"list"}},
		{args: []string{"__complete", "-p", "w", "set-field", "ID", ""}, completing: true, want: []string{"set-field"}},
	} {
		reach := reachable(flags, tc.args, tc.completing)
		var got []string
		for _, s := range subcommands {
			if reach(s) {
				got = append(got, s.names[0])
			}
		}
		want := tc.want
		if want == nil {
			for _, s := range subcommands {
				want = append(want, s.names[0])
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q (completing %v) reaches %v, want %v", tc.args, tc.completing, got, want)
		}
	}
}

// A tree built for a run is, where the run goes, the same as the whole
// tree: the same command, flags, help and completions.
func TestPartialTreeMatchesWholeTree(t *testing.T) {
	for _, args := range [][]string{
		{"list", "-o", "json"},
		{"rm", "ID"},
		{"-p", "x", "profile", "add", "NAME"},
		{"set-field", "ID", "url", "https://example.com"},
		{"completion", "bash"},
		{"sandbox"},
		{"apply", "-f", "x.yaml"},
	} {
		whole := NewRootCmd(docsFactory(false))
		part := newRootCmd(docsFactory(false), args)
		var built []string
		for _, c := range part.Commands() {
			if c.Name() != "help" { // cobra's, added to any root with commands
				built = append(built, c.Name())
			}
		}
		if len(built) != 1 {
			t.Errorf("%q built %v, want one command", args, built)
		}
		wc, _, werr := whole.Find(args)
		pc, _, perr := part.Find(args)
		if werr != nil || perr != nil {
			t.Fatalf("%q: find: %v, %v", args, werr, perr)
		}
		if wc.CommandPath() != pc.CommandPath() || usage(wc) != usage(pc) {
			t.Errorf("%q: partial tree differs:\n%s\nwhole:\n%s", args, usage(pc), usage(wc))
		}
	}
}

func usage(c *cobra.Command) string {
	var b strings.Builder
	c.SetOut(&b)
	c.SetErr(&b)
	_ = c.Usage()
	return b.String()
}
