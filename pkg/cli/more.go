package cli

import (
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
