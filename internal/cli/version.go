package cli

import (
	"fmt"
	"runtime"

	"github.com/hookctl/hookctl/internal/output"

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
		Annotations: prints(outVersion, quick()),
		RunE: func(cmd *cobra.Command, args []string) error {
			return versionRun(f)
		},
	}
}

// versionData is the version as data, for -o json|jsonl|yaml, --jq and
// --template.
type versionData struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Date    string `json:"date"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
}

// versionRun prints the version line (table and tsv, the defaults) or the
// version as data in the format the output policy chose.
func versionRun(f *Factory) error {
	switch f.Format() {
	case output.Table, output.TSV:
		if f.Opts.JQ == "" && f.Opts.Template == "" {
			_, err := fmt.Fprint(f.IO.Out, versionLine())
			return err
		}
	}
	p, err := f.Printer(nil, false)
	if err != nil {
		return err
	}
	v := versionData{Version: Version, Commit: Commit, Date: Date, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	return p.Records(nil, nil, v)
}
