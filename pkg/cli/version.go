package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// Build information, stamped at link time with -ldflags -X.
var (
	Version = "dev"
	Commit  = "none"
	Date    = "unknown"
)

func versionLine() string {
	return fmt.Sprintf("hookctl version %s (commit %s, built %s)\n", Version, Commit, Date)
}

func newCmdVersion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:         "version",
		Short:       "Print the version, commit and build date",
		Args:        noArgs,
		Annotations: quick,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprint(f.IO.Out, versionLine())
			return err
		},
	}
}
