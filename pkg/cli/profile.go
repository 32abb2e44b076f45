package cli

import "github.com/spf13/cobra"

func newCmdProfile(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "profile",
		Short:  "Manage profiles",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return &usageError{errNotYet}
		},
	}
}
