package hookctl_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// lostdelete VAR acted|ignored serves a sandbox of its own whose first
	// DELETE loses its answer (the connection closes): with "acted" the
	// sandbox deleted the webhook first, with "ignored" it never saw the
	// request. Every later DELETE is answered 503, as a failing gateway
	// would. VAR becomes the server's root URL.
	scriptCommands["lostdelete"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 || args[1] != "acted" && args[1] != "ignored" {
			ts.Fatalf("usage: lostdelete VAR acted|ignored")
		}
		sb, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators()})
		ts.Check(err)
		var mu sync.Mutex
		deletes := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodDelete {
				sb.ServeHTTP(w, r)
				return
			}
			mu.Lock()
			deletes++
			n := deletes
			mu.Unlock()
			if n > 1 {
				http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
				return
			}
			if args[1] == "acted" {
				sb.ServeHTTP(httptest.NewRecorder(), r)
			}
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			}
		}))
		ts.Defer(func() { srv.Close(); sb.Close() })
		ts.Setenv(args[0], srv.URL)
	}
	// answer VAR BODY serves BODY as a 200 JSON answer to every request,
	// except Entrust's authentication, which gets a session token. VAR
	// becomes the server's root URL.
	scriptCommands["answer"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: answer VAR BODY")
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if strings.HasSuffix(r.URL.Path, "/adminapi/authenticate") {
				w.Write([]byte(`{"authToken":"tok","expirationTime":"2099-01-01T00:00:00Z"}`))
				return
			}
			w.Write([]byte(args[1]))
		}))
		ts.Defer(srv.Close)
		ts.Setenv(args[0], srv.URL)
	}
}
