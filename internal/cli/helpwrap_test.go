package cli

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/cobra"
)

// Every command's --help text fits 80 columns: descriptions are wrapped
// between words, never cut mid-word by the terminal. Before, flag
// descriptions ran to 122 columns and list's first line had 81. The usage
// line and the examples are commands to copy, kept whole.
func TestHelpFits80Columns(t *testing.T) {
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		if c.Hidden {
			return
		}
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string{}, path...), sub.Name()))
		}
	}
	walk(NewRootCmd(docsFactory(false)), nil)
	if len(paths) < 10 {
		t.Fatalf("only %d commands found", len(paths))
	}
	for _, path := range paths {
		f := docsFactory(false)
		var out bytes.Buffer
		f.IO.Out = &out
		if code := Run(t.Context(), f, append(append([]string{}, path...), "--help")); code != 0 {
			t.Errorf("%v --help: exit %d", path, code)
			continue
		}
		section := ""
		for i, line := range strings.Split(out.String(), "\n") {
			if line != "" && !strings.HasPrefix(line, " ") && strings.HasSuffix(line, ":") {
				section = line
			}
			if section == "Usage:" || section == "Examples:" {
				continue
			}
			if n := utf8.RuneCountInString(line); n > 80 {
				t.Errorf("hookctl %s --help, line %d has %d columns:\n%s", strings.Join(path, " "), i+1, n, line)
			}
		}
	}
}
