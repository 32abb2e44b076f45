package cli

import (
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
)

// The help that describes dialects one by one lists every dialect in the
// registry: a new dialect cannot be left out of it.
func TestDialectHelpNamesEveryDialect(t *testing.T) {
	root := NewRootCmd(docsFactory(false))
	resolveHelp(root)
	for _, name := range []string{"listen", "trigger", "replay", "create", "apply", "test", "sandbox"} {
		cmd, _, err := root.Find([]string{name})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dialect.All() {
			if !strings.Contains(cmd.Long, "\n  "+d.Name+" ") {
				t.Errorf("%s --help has no line for the %s dialect", name, d.Name)
			}
		}
		for _, line := range strings.Split(cmd.Long, "\n") {
			if len(line) > 80 {
				t.Errorf("%s --help: a line of %d columns: %q", name, len(line), line)
			}
		}
	}
}

func TestDialectTableWrapsUnderTheName(t *testing.T) {
	got := wrapWords("one two three four five six", 9)
	want := []string{"one two", "three", "four five", "six"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrapWords: %q, want %q", got, want)
	}
	if got := wrapWords("averyveryverylongword x", 5); got[0] != "averyveryverylongword" || got[1] != "x" {
		t.Errorf("a long word: %q", got)
	}
	table := dialectTable(func(*spec.Descriptor) string { return strings.Repeat("word ", 30) }, "any", "last row")
	lines := strings.Split(table, "\n")
	if !strings.HasPrefix(lines[0], "  "+dialect.All()[0].Name+" ") || !strings.HasSuffix(table, "  any         last row") {
		t.Errorf("table:\n%s", table)
	}
	for _, l := range lines {
		if len(l) > helpWidth {
			t.Errorf("line of %d columns: %q", len(l), l)
		}
		if !strings.HasPrefix(l, "  ") {
			t.Errorf("line not indented: %q", l)
		}
	}
}
