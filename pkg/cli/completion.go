package cli

import "github.com/spf13/cobra"

func newCmdCompletion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "completion",
		Short:  "Generate shell completion scripts",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return &usageError{errNotYet}
		},
	}
}

// registerCompletions wires dynamic completion into the tree.
func registerCompletions(f *Factory, root *cobra.Command) {}
