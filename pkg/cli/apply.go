package cli

import "github.com/spf13/cobra"

func newCmdApply(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "apply",
		Short:  "Make the backend match a file",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return &usageError{errNotYet}
		},
	}
}
