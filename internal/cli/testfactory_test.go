package cli

import (
	"io"
	"strings"

	"github.com/hookctl/hookctl/pkg/httpx"
)

// docsFactory is a Factory with no config, no terminal and no output, for
// tests that build the command tree.
func docsFactory(completing bool) *Factory {
	getenv := func(string) string { return "" }
	return &Factory{
		IO:         NewIOStreams(strings.NewReader(""), io.Discard, io.Discard, getenv),
		Getenv:     getenv,
		Opts:       &GlobalOptions{},
		Redactor:   httpx.NewRedactor(),
		completing: completing,
		docs:       true,
	}
}
