package cli

import (
	"io"
	"strings"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/spf13/cobra"
)

// NewDocsRoot builds the command tree for generating the completion
// scripts, the command reference and the man pages: a Factory with no
// terminal, an empty environment and streams that go nowhere, so the output
// depends on the code alone.
func NewDocsRoot() *cobra.Command {
	getenv := func(string) string { return "" }
	f := &Factory{
		IO:       NewIOStreams(strings.NewReader(""), io.Discard, io.Discard, getenv),
		Getenv:   getenv,
		Opts:     &GlobalOptions{},
		Redactor: httpx.NewRedactor(),
		docs:     true,
	}
	root := NewRootCmd(f)
	root.DisableAutoGenTag = true
	resolveHelp(root)
	return root
}
