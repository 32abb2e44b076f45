package hookctl_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// genmanifest FILE N writes a trello webhooks file of N entries
	// (https://example.com/hook/0000 … on one board), for bulk scenarios.
	scriptCommands["genmanifest"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 2 || len(args) > 3 {
			ts.Fatalf("usage: genmanifest FILE N [DIALECT]")
		}
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		// trello by default; github: hooks on one of a few events each
		// (GitHub allows 20 hooks per event).
		github := len(args) == 3 && args[2] == "github"
		dialect := "trello"
		if github {
			dialect = "github"
		}
		events := []string{"push", "issues", "release", "fork", "watch", "create", "delete", "star"}
		var b strings.Builder
		b.WriteString("apiVersion: hookctl/v1\nkind: WebhookList\ndialect: " + dialect + "\nwebhooks:\n")
		for i := range n {
			if github {
				fmt.Fprintf(&b, "  - url: https://example.com/hook/%04d\n    events: [%s]\n    active: true\n", i, events[i%len(events)])
				continue
			}
			fmt.Fprintf(&b, "  - url: https://example.com/hook/%04d\n    model: 4d5ea62fd76aa1136000000c\n    active: true\n", i)
		}
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o600))
	}
}
