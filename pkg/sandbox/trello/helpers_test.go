package trello

import (
	"net/http/httptest"
	"testing"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/sandbox/sandboxtest"
)

// newServer starts a sandbox serving this emulator behind a test server.
func newServer(t *testing.T, opts sandbox.Options) (*sandbox.Sandbox, *httptest.Server) {
	t.Helper()
	opts.Emulators = []sandbox.Emulator{Emulator{}}
	return sandboxtest.NewServer(t, opts)
}
