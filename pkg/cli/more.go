package cli

import (
	"strings"

	"github.com/spf13/cobra"
)

// moreCommands are the commands beyond the webhook verbs.
func moreCommands(f *Factory) []*cobra.Command {
	return []*cobra.Command{
		newCmdListen(f),
		newCmdExport(f),
		newCmdApply(f),
		newCmdDiff(f),
		newCmdSandbox(f),
		newCmdProfile(f),
		newCmdCompletion(f),
		newCmdVersion(f),
	}
}

// splitComma splits a comma-separated list, dropping empty items.
func splitComma(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
