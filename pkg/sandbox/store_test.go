package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestStatePersistsAcrossInstances(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "state.json")
	a, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	ca := &http.Client{Transport: a.Transport()}
	auth := oauthHeader(TrelloKey, TrelloToken)
	r := call(t, ca, "POST", InProcessRoot+"/trello/1/webhooks", `{"callbackURL":"https://example.com/p","idModel":"`+model1+`"}`, auth)
	if r.status != 200 {
		t.Fatal(r.body)
	}
	id := decode[map[string]any](t, r.body)["id"].(string)
	call(t, ca, "POST", InProcessRoot+"/desk/hooks.json?auth_token="+deskToken, `{"hook":{"url":"https://example.com/s"}}`)
	token := entrustLogin(t, ca, InProcessRoot)
	r = call(t, ca, "POST", InProcessRoot+"/entrust/api/web/v1/webhooks", `{"name":"e","callbackUrl":"https://example.com/e","events":["user.created"]}`, "Authorization: Bearer "+token)
	if r.status != 200 {
		t.Fatal(r.body)
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
	if strings.Contains(string(raw), TrelloToken) {
		t.Error("state file holds the Trello token")
	}

	b, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cb := &http.Client{Transport: b.Transport()}
	if r := call(t, cb, "GET", InProcessRoot+"/trello/1/webhooks/"+id, "", auth); r.status != 200 {
		t.Fatalf("trello webhook after reopen: %d %s", r.status, r.body)
	}
	if r := call(t, cb, "GET", InProcessRoot+"/desk/hooks.json?auth_token="+deskToken, ""); !strings.Contains(r.body, "https://example.com/s") {
		t.Fatalf("desk after reopen: %s", r.body)
	}
	// The Entrust session token made by the first instance still works.
	if r := call(t, cb, "GET", InProcessRoot+"/entrust/api/web/v1/webhooks", "", "Authorization: Bearer "+token); r.status != 200 || !strings.Contains(r.body, `"name":"e"`) {
		t.Fatalf("entrust after reopen: %d %s", r.status, r.body)
	}
}

func TestCorruptStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{StatePath: path}); err == nil || !strings.Contains(err.Error(), "is corrupt") || !strings.Contains(err.Error(), "rm "+path) {
		t.Fatalf("New on a corrupt file: %v", err)
	}
	// An empty file is empty state.
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	sb, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	// Corrupted later: requests fail in the vendor's style, nothing panics.
	_ = os.WriteFile(path, []byte("[]"), 0o600)
	r := call(t, &http.Client{Transport: sb.Transport()}, "GET", InProcessRoot+"/desk/hooks.json?auth_token="+deskToken, "")
	if r.status != 500 || !strings.Contains(r.body, `"error"`) {
		t.Fatalf("corrupt state: %d %s", r.status, r.body)
	}
}

func TestConcurrentInstancesShareState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	const n = 20
	var clients []*http.Client
	for range 2 {
		sb, err := New(Options{StatePath: path})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = sb.Close() })
		clients = append(clients, &http.Client{Transport: sb.Transport()})
	}
	auth := oauthHeader(TrelloKey, TrelloToken)
	var wg sync.WaitGroup
	errs := make(chan string, 4*n)
	for ci, c := range clients {
		for i := range n {
			wg.Go(func() {
				body := fmt.Sprintf(`{"callbackURL":"https://example.com/%d/%d","idModel":"%s"}`, ci, i, model1)
				r := call(t, c, "POST", InProcessRoot+"/trello/1/webhooks", body, auth)
				if r.status != 200 {
					errs <- r.body
				}
				r = call(t, c, "POST", InProcessRoot+"/desk/hooks.json?auth_token="+deskToken, fmt.Sprintf(`{"hook":{"url":"https://example.com/%d/%d"}}`, ci, i))
				if r.status != 201 {
					errs <- r.body
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
	sb, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	err = viewPart(sb, Trello, func(*trelloState) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "trello part") || !strings.Contains(err.Error(), "remove it") || strings.Contains(err.Error(), "sandbox.") {
		t.Fatalf("err = %v", err)
	}
	// The other parts still work.
	if err := viewPart(sb, desk, func(*deskState) error { return nil }); err != nil {
		t.Fatal(err)
	}
}
