package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Every table of every dialect fits a terminal of 80 and of 100 columns:
// no line wraps, ids are whole, and a URL keeps its host. Before, Trello's
// list needed 98 columns, Entrust's 85 and GitHub's deliveries 89, and at
// 100 a URL showed as "http://127.…" while MODEL kept all 24 characters.
// The dialects come from the registry, so a new one is measured too.
func TestEveryTableFitsTheTerminal(t *testing.T) {
	recv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer recv.Close()
	for _, d := range dialect.All() {
		t.Run(d.Name, func(t *testing.T) {
			e := newTestEnv(t, sandboxProfiles())
			e.vars["NO_COLOR"] = "1"
			profile := config.SandboxProfileName(d.Name)
			var ids []string
			for i := range 2 {
				// The first a public URL, never contacted; the second on
				// loopback, where test may deliver (tests reach no other host).
				url := fmt.Sprintf("https://hooks.example.com/%s/receiver/with/a/long/path/number/%d?source=hookctl", d.Name, i)
				if i == 1 {
					url = fmt.Sprintf("%s/%s/receiver/with/a/long/path/number/%d?source=hookctl", recv.URL, d.Name, i)
				}
				args := []string{"-p", profile, "create", "-q", "--url", url}
				if d.Schema.Has(webhook.FieldDescription) {
					args = append(args, "--description", fmt.Sprintf("A rather long description of webhook %d, which says a great deal", i))
				}
				if d.Schema.Has(webhook.FieldModel) {
					args = append(args, "--model", testModel)
				}
				if d.Schema.Has(webhook.FieldEvents) && len(d.Schema.Events) >= 2 {
					args = append(args, "--event", d.Schema.Events[0], "--event", d.Schema.Events[1])
				}
				out, stderr, code := e.run(run{args: args})
				e.wantCode(code, 0, stderr)
				ids = append(ids, strings.TrimSpace(out))
			}
			// A delivery for the delivery log, where the dialect keeps one
			// (the sandbox records it even when it cannot deliver).
			e.run(run{args: []string{"-p", profile, "test", ids[1]}})
			deliveries := []string{"deliveries", ids[1]}
			if d.Schema.AccountLog {
				deliveries = []string{"deliveries"} // the account's log: no webhook id
			}
			tables := [][]string{{"list"}, deliveries, {"test", ids[1]}, {"profile", "list"}}
			if d.Samples != nil && len(d.Samples.Events) > 0 {
				tables = append(tables, []string{"trigger", d.Samples.Events[0], "--url", recv.URL + "/receiver/with/a/long/path/for/the/trigger/table"})
			}
			for _, width := range []int{80, 100} {
				e.vars["HOOKCTL_FORCE_TTY"] = fmt.Sprint(width)
				for _, args := range tables {
					out, stderr, code := e.run(run{args: append([]string{"-p", profile}, args...)})
					if args[0] == "deliveries" && code == 2 {
						continue // no delivery log in this dialect
					}
					if args[0] != "trigger" && args[0] != "test" {
						e.wantCode(code, 0, stderr)
					}
					if out == "" && args[0] == "test" {
						continue // the sandbox could not deliver: an error, no table
					}
					if out == "" && args[0] == "deliveries" && d.Schema.AccountLog {
						continue // the sandbox makes no account activity: an empty log
					}
					lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
					if len(lines) < 2 {
						t.Fatalf("%s at %d: no table:\n%s", args[0], width, out)
					}
					for _, l := range lines {
						if n := utf8.RuneCountInString(l); n > width {
							t.Errorf("%s at %d columns: a line of %d:\n%s", args[0], width, n, out)
							break
						}
					}
					if args[0] == "list" {
						for _, id := range ids {
							if !strings.Contains(out, id+" ") {
								t.Errorf("list at %d: id %s is not whole:\n%s", width, id, out)
							}
						}
						if !strings.Contains(out, "hooks.example.") || !strings.Contains(out, "127.0.0.1") {
							t.Errorf("list at %d: a URL lost its host:\n%s", width, out)
						}
					}
				}
			}
		})
	}
}
