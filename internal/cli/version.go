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

// versionInfo is what --version prints after "hookctl version " (cobra's
// own format, which needs no template parsed at run time).
func versionInfo() string {
	return fmt.Sprintf("%s (commit %s, built %s)", Version, Commit, Date)
}

func versionLine() string {
	return "hookctl version " + versionInfo() + "\n"
}

func newCmdVersion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:         "version",
		Short:       "Print the version, commit and build date",
		Args:        noArgs,
		Annotations: quick(),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprint(f.IO.Out, versionLine())
			return err
		},
	}
}
