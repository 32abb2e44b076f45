package sandbox_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/sandbox/sandboxtest"
)

// TestTwoProcessesShareState runs two copies of the test binary, each
// creating webhooks concurrently through its own in-process sandbox on the
// same state file, as two hookctl invocations would.
func TestTwoProcessesShareState(t *testing.T) {
	if path := os.Getenv("SANDBOX_CHILD_STATE"); path != "" {
		childCreate(t, path, os.Getenv("SANDBOX_CHILD_NAME"))
		return
	}
	if testing.Short() {
		t.Skip("spawns processes")
	}
	path := filepath.Join(t.TempDir(), "state.json")
	var cmds []*exec.Cmd
	for _, name := range []string{"a", "b"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestTwoProcessesShareState$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SANDBOX_CHILD_STATE="+path, "SANDBOX_CHILD_NAME="+name)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st fileState
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatalf("state file is not valid JSON: %v", err)
	}
	seen := map[string]bool{}
	for _, h := range st.Entrust.Webhooks {
		seen[h.Name] = true
	}
	if len(st.Entrust.Webhooks) != 2*childCount || len(seen) != 2*childCount {
		t.Fatalf("%d webhooks (%d names), want %d", len(st.Entrust.Webhooks), len(seen), 2*childCount)
	}
}

const childCount = 10

func childCreate(t *testing.T, path, name string) {
	sb, err := sandbox.New(sandbox.Options{Emulators: emulators(), StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	c := &http.Client{Transport: sb.Transport()}
	bearer := "Authorization: Bearer " + entrustLogin(t, c, sandbox.InProcessRoot)
	var wg sync.WaitGroup
	for i := range childCount {
		wg.Go(func() {
			body := fmt.Sprintf(`{"name":"%s-%s","callbackUrl":"https://example.com/%s/%d","events":["user.created"],"enabled":false}`, name, strconv.Itoa(i), name, i)
			if r := sandboxtest.Call(t, c, "POST", sandbox.InProcessRoot+"/entrust/api/web/v1/webhooks", body, bearer); r.Status != 200 {
				t.Errorf("create: %d %s", r.Status, r.Body)
			}
		})
	}
	wg.Wait()
}
