package hookctl_test

import (
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// setvars VAR... sets each VAR to the next word of the last command's
	// stdout (e.g. an id and a token printed with --template).
	scriptCommands["setvars"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) == 0 {
			ts.Fatalf("usage: setvars VAR...")
		}
		words := strings.Fields(ts.ReadFile("stdout"))
		if len(words) != len(args) {
			ts.Fatalf("setvars: stdout has %d words, want %d", len(words), len(args))
		}
		for i, name := range args {
			ts.Setenv(name, words[i])
		}
	}
}
