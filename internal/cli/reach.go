package cli

import (
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// reachable says which of root's commands a run with args can reach, so that
// only those are built: their flags are most of the cost of building the
// tree, and a run uses one command.
//
//   - args naming a command (after root's own flags) reach that command;
//   - --version alone reaches none;
//   - a TAB reaches the command named before the word being completed;
//   - anything else (no args, help, a typo cobra suggests a fix for, a TAB
//     on a command name) reaches all.
//
// Building too much is only slower; building too little would break the
// run, so whatever this does not recognise reaches all.
func reachable(rootFlags *pflag.FlagSet, args []string, completing bool) func(subcommand) bool {
	all := func(subcommand) bool { return true }
	if args == nil {
		return all
	}
	if completing {
		words := args[1:] // after __complete; the last is being completed
		name, at := commandWord(rootFlags, words)
		if name == "" || at == len(words)-1 || !isSubcommand(name) {
			return all
		}
		return named(name)
	}
	name, _ := commandWord(rootFlags, args)
	switch {
	case name == "" && isVersionRequest(args):
		return func(subcommand) bool { return false }
	case name == "" || !isSubcommand(name):
		return all
	}
	return named(name)
}

// named reaches the one command called name (or aliased so).
func named(name string) func(subcommand) bool {
	return func(s subcommand) bool { return slices.Contains(s.names, name) }
}

func isSubcommand(name string) bool {
	return slices.ContainsFunc(subcommands, named(name))
}

// commandWord returns the first argument that is neither one of root's
// flags nor such a flag's value, and its index; "" and -1 when there is
// none.
func commandWord(rootFlags *pflag.FlagSet, args []string) (string, int) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		var fl *pflag.Flag
		switch {
		case a == "--":
			if i+1 < len(args) {
				return args[i+1], i + 1
			}
			return "", -1
		case strings.HasPrefix(a, "--"):
			name, _, inline := strings.Cut(a[2:], "=")
			if !inline {
				fl = rootFlags.Lookup(name)
			}
		case strings.HasPrefix(a, "-") && len(a) == 2:
			fl = rootFlags.ShorthandLookup(a[1:])
		case strings.HasPrefix(a, "-") && len(a) > 2:
			// -pNAME, -ojson: the value is attached (or a bundle of booleans)
		default:
			return a, i
		}
		if fl != nil && fl.NoOptDefVal == "" {
			i++ // the flag's value
		}
	}
	return "", -1
}

// isVersionRequest reports whether args ask for cobra's --version (and not
// for help, which wins over it and lists every command).
func isVersionRequest(args []string) bool {
	version, help := false, false
	for _, a := range args {
		switch a {
		case "--version", "-v":
			version = true
		case "--help", "-h":
			help = true
		}
	}
	return version && !help
}
