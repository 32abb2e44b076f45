package cli

import "github.com/spf13/cobra"

func newCmdExport(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "export",
		Short:  "Print all webhooks as a file",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return &usageError{errNotYet}
		},
	}
}
