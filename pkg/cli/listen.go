package cli

import "github.com/spf13/cobra"

func newCmdListen(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "listen",
		Short:  "Receive webhook deliveries locally",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return &usageError{errNotYet}
		},
	}
}
