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
		if neg || len(args) != 2 {
			ts.Fatalf("usage: genmanifest FILE N")
		}
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		var b strings.Builder
		b.WriteString("apiVersion: hookctl/v1\nkind: WebhookList\ndialect: trello\nwebhooks:\n")
		for i := range n {
			fmt.Fprintf(&b, "  - url: https://example.com/hook/%04d\n    model: 4d5ea62fd76aa1136000000c\n    active: true\n", i)
		}
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o600))
	}
}
