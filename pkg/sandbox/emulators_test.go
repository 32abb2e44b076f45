package sandbox_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/sandbox/entrust"
	"github.com/hookctl/hookctl/pkg/sandbox/github"
	"github.com/hookctl/hookctl/pkg/sandbox/sandboxtest"
	"github.com/hookctl/hookctl/pkg/sandbox/trello"
)

// The sandbox's own tests serve the built-in emulators, as hookctl does.
func emulators() []sandbox.Emulator {
	return []sandbox.Emulator{
		trello.Emulator{}, sandbox.DeskEmulator, entrust.Emulator{},
		github.New(github.Options{Prefix: github.Prefix}),
	}
}

// newServer starts a sandbox behind a test server; with no Emulators it
// serves every built-in one.
func newServer(t *testing.T, opts sandbox.Options) (*sandbox.Sandbox, *httptest.Server) {
	t.Helper()
	if opts.Emulators == nil {
		opts.Emulators = emulators()
	}
	return sandboxtest.NewServer(t, opts)
}

// baseURL is the API root of the named emulator under root.
func baseURL(root, name string) string {
	for _, e := range emulators() {
		if e.Name() == name {
			return root + e.Prefix()
		}
	}
	return ""
}

// fileState is the state file as the vendors' parts, for tests that read it.
type fileState struct {
	Version int  `json:"version"`
	Trello  part `json:"trello"`
	Desk    part `json:"desk"`
	Entrust part `json:"entrust"`
}

type part struct {
	Webhooks []struct{ ID, Name string } `json:"webhooks"`
}

// entrustLogin returns an Entrust session token from the sandbox at root.
func entrustLogin(t *testing.T, c *http.Client, root string) string {
	t.Helper()
	r := sandboxtest.Call(t, c, "POST", root+"/entrust/api/web/v1/adminapi/authenticate", `{"applicationId":"`+entrust.AppID+`","sharedSecret":"`+entrust.Secret+`"}`)
	if r.Status != 200 {
		t.Fatalf("authenticate: %d %s", r.Status, r.Body)
	}
	return sandboxtest.Decode[map[string]string](t, r.Body)["authToken"]
}

// model1 is a Trello board id.
const model1 = "5abbe4b7ddc1b351ef961415"

// oauthHeader is Trello's Authorization header for key and token.
func oauthHeader(key, token string) string {
	return fmt.Sprintf(`Authorization: OAuth oauth_consumer_key="%s", oauth_token="%s"`, key, token)
}
