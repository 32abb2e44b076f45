package cli

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hookctl/hookctl/internal/suggest"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// subcommandArgs is the Args of a command group (profile): an argument that
// is none of its commands is a usage error that suggests the nearest ones
// and names the group's own help.
func subcommandArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return unknownCommand(cmd, args[0])
}

// unknownCommand is the usage error for typed, which is not a command of
// parent: "did you mean" its nearest commands, and where they are listed.
func unknownCommand(parent *cobra.Command, typed string) error {
	var names, aliases []string
	for _, c := range parent.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
			aliases = append(aliases, c.Aliases...)
		}
	}
	help := fmt.Sprintf("`%s --help` lists its commands", parent.CommandPath())
	quote := func(w string) string { return "`" + parent.CommandPath() + " " + w + "`" }
	h := suggest.Phrase(typed, names, quote)
	if h == "" {
		h = suggest.Phrase(typed, aliases, quote)
	}
	if h == "" {
		h = help
	} else {
		h += " (" + help + ")"
	}
	return &usageError{withHint(fmt.Errorf("unknown command %q for %q", typed, parent.CommandPath()), h)}
}

// cobraUnknownCommand matches cobra's own error for an unknown command of
// a group with no Args of its own (root).
var cobraUnknownCommand = regexp.MustCompile(`^unknown command "([^"]*)" for "([^"]*)"`)

// explainUsage rewrites cobra's errors for an unknown command into ours,
// with a one-line hint instead of cobra's multi-line suggestion list.
func explainUsage(root *cobra.Command, err error) error {
	m := cobraUnknownCommand.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	parent := root
	if path := strings.Fields(m[2]); len(path) > 1 {
		if c, _, ferr := root.Find(path[1:]); ferr == nil && c != nil {
			parent = c
		}
	}
	return unknownCommand(parent, m[1])
}

// flagError is the usage error for a bad flag of cmd: for an unknown one,
// "did you mean" its nearest flags and where they are listed.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	var typed string
	switch {
	case strings.HasPrefix(msg, "unknown flag: --"):
		typed = strings.TrimPrefix(msg, "unknown flag: --")
	case strings.HasPrefix(msg, "unknown shorthand flag: "):
		typed = ""
	default:
		return &usageError{err}
	}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	help := fmt.Sprintf("`%s --help` lists its flags", cmd.CommandPath())
	h := help
	if near := suggest.Phrase(typed, names, func(w string) string { return "--" + w }); near != "" && typed != "" {
		h = near + " (" + help + ")"
	}
	return &usageError{withHint(err, h)}
}
