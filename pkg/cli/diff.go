package cli

import "github.com/spf13/cobra"

func newCmdDiff(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "diff",
		Short:  "Show what apply would change",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return &usageError{errNotYet}
		},
	}
}
