package sandbox_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/sandbox/sandboxtest"
	"github.com/hookctl/hookctl/pkg/sandbox/trello"
)

func TestStatePersistsAcrossInstances(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "state.json")
	a, err := sandbox.New(sandbox.Options{Emulators: emulators(), StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	ca := &http.Client{Transport: a.Transport()}
	auth := oauthHeader(trello.Key, trello.Token)
	r := sandboxtest.Call(t, ca, "POST", sandbox.InProcessRoot+"/trello/1/webhooks", `{"callbackURL":"https://example.com/p","idModel":"`+model1+`"}`, auth)
	if r.Status != 200 {
		t.Fatal(r.Body)
	}
	id := sandboxtest.Decode[map[string]any](t, r.Body)["id"].(string)
	sandboxtest.Call(t, ca, "POST", sandbox.InProcessRoot+"/desk/hooks.json?auth_token="+sandbox.DeskToken, `{"hook":{"url":"https://example.com/s"}}`)
	token := entrustLogin(t, ca, sandbox.InProcessRoot)
	r = sandboxtest.Call(t, ca, "POST", sandbox.InProcessRoot+"/entrust/api/web/v1/webhooks", `{"name":"e","callbackUrl":"https://example.com/e","events":["user.created"]}`, "Authorization: Bearer "+token)
	if r.Status != 200 {
		t.Fatal(r.Body)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		t.Errorf("state file mode %v is readable by others", perm)
	}
	raw, _ := os.ReadFile(path)
	if strings.Contains(string(raw), trello.Token) {
		t.Error("state file holds the trello.Name token")
	}

	b, err := sandbox.New(sandbox.Options{Emulators: emulators(), StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cb := &http.Client{Transport: b.Transport()}
	if r := sandboxtest.Call(t, cb, "GET", sandbox.InProcessRoot+"/trello/1/webhooks/"+id, "", auth); r.Status != 200 {
		t.Fatalf("trello webhook after reopen: %d %s", r.Status, r.Body)
	}
	if r := sandboxtest.Call(t, cb, "GET", sandbox.InProcessRoot+"/desk/hooks.json?auth_token="+sandbox.DeskToken, ""); !strings.Contains(r.Body, "https://example.com/s") {
		t.Fatalf("desk after reopen: %s", r.Body)
	}
	// The Entrust session token made by the first instance still works.
	if r := sandboxtest.Call(t, cb, "GET", sandbox.InProcessRoot+"/entrust/api/web/v1/webhooks", "", "Authorization: Bearer "+token); r.Status != 200 || !strings.Contains(r.Body, `"name":"e"`) {
		t.Fatalf("entrust after reopen: %d %s", r.Status, r.Body)
	}
}

func TestCorruptStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sandbox.New(sandbox.Options{Emulators: emulators(), StatePath: path}); err == nil || !strings.Contains(err.Error(), "is corrupt") || !strings.Contains(err.Error(), "rm "+path) {
		t.Fatalf("New on a corrupt file: %v", err)
	}
	// An empty file is empty state.
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	sb, err := sandbox.New(sandbox.Options{Emulators: emulators(), StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	// Corrupted later: requests fail in the vendor's style, nothing panics.
	_ = os.WriteFile(path, []byte("[]"), 0o600)
	r := sandboxtest.Call(t, &http.Client{Transport: sb.Transport()}, "GET", sandbox.InProcessRoot+"/desk/hooks.json?auth_token="+sandbox.DeskToken, "")
	if r.Status != 500 || !strings.Contains(r.Body, `"error"`) {
		t.Fatalf("corrupt state: %d %s", r.Status, r.Body)
	}
}

func TestConcurrentInstancesShareState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	const n = 20
	var clients []*http.Client
	for range 2 {
		sb, err := sandbox.New(sandbox.Options{Emulators: emulators(), StatePath: path})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = sb.Close() })
		clients = append(clients, &http.Client{Transport: sb.Transport()})
	}
	auth := oauthHeader(trello.Key, trello.Token)
	var wg sync.WaitGroup
	errs := make(chan string, 4*n)
	for ci, c := range clients {
		for i := range n {
			wg.Go(func() {
				body := fmt.Sprintf(`{"callbackURL":"https://example.com/%d/%d","idModel":"%s"}`, ci, i, model1)
				r := sandboxtest.Call(t, c, "POST", sandbox.InProcessRoot+"/trello/1/webhooks", body, auth)
				if r.Status != 200 {
					errs <- r.Body
				}
				r = sandboxtest.Call(t, c, "POST", sandbox.InProcessRoot+"/desk/hooks.json?auth_token="+sandbox.DeskToken, fmt.Sprintf(`{"hook":{"url":"https://example.com/%d/%d"}}`, ci, i))
				if r.Status != 201 {
					errs <- r.Body
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st fileState
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatalf("state file is not valid JSON: %v", err)
	}
	if len(st.Trello.Webhooks) != 2*n || len(st.Desk.Webhooks) != 2*n {
		t.Fatalf("trello %d, desk %d webhooks; want %d each", len(st.Trello.Webhooks), len(st.Desk.Webhooks), 2*n)
	}
	ids := map[string]bool{}
	for _, h := range st.Desk.Webhooks {
		ids[h.ID] = true
	}
	for _, h := range st.Trello.Webhooks {
		ids[h.ID] = true
	}
	if len(ids) != 4*n {
		t.Fatalf("%d distinct ids for %d webhooks", len(ids), 4*n)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".state.json.tmp-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestAnUnreadablePartSaysWhichAndHowToReset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte(`{"version":1,"trello":{"webhooks":"oops"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	sb, err := sandbox.New(sandbox.Options{Emulators: emulators(), StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	c := &http.Client{Transport: sb.Transport()}
	r := sandboxtest.Call(t, c, "GET", sandbox.InProcessRoot+"/trello/1/tokens/"+trello.Token+"/webhooks", "", oauthHeader(trello.Key, trello.Token))
	if r.Status != 500 || !strings.Contains(r.Body, "trello part") || !strings.Contains(r.Body, "remove it") || strings.Contains(r.Body, "sandbox.") {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	// The other parts still work.
	if r := sandboxtest.Call(t, c, "GET", sandbox.InProcessRoot+"/desk/hooks.json?auth_token="+sandbox.DeskToken, ""); r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
}
