package cli

import (
	"fmt"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagHelpWidth is the width flag lists are wrapped to off a terminal,
// and the narrowest on one.
const flagHelpWidth = 80

var wrapFlagsOnce sync.Once

// wrapHelp makes --help's flag lists fit the terminal (80 columns off a
// terminal): each description is wrapped between words, beside its flag,
// instead of the terminal cutting it mid-word at the screen's edge.
func wrapHelp(root *cobra.Command, width int) {
	wrapFlagsOnce.Do(func() {
		cobra.AddTemplateFunc("wrapFlags", func(fs *pflag.FlagSet, cols int) string { return fs.FlagUsagesWrapped(cols) })
	})
	if width < flagHelpWidth {
		width = flagHelpWidth
	}
	t := root.UsageTemplate()
	for _, set := range []string{"LocalFlags", "InheritedFlags"} {
		t = strings.ReplaceAll(t, "."+set+".FlagUsages", fmt.Sprintf("wrapFlags .%s %d", set, width-1))
	}
	root.SetUsageTemplate(t)
}
