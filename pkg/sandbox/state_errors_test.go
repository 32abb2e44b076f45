package sandbox_test

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/sandbox/entrust"
	"github.com/hookctl/hookctl/pkg/sandbox/sandboxtest"
	"github.com/hookctl/hookctl/pkg/sandbox/trello"
)

// A full disk: every dialect answers with "no space left on device" and the
// state file's path, not the vendor's generic "Internal Server Error" (issue
// 15 item 16); nothing is half-written.
func TestFullDiskIsSaidWithThePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.json")
	sb, err := sandbox.New(sandbox.Options{Emulators: emulators(), StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	sandbox.SetStoreWrite(sb, func(io.Writer, []byte) error {
		return &os.PathError{Op: "write", Path: path + ".tmp-1", Err: syscall.ENOSPC}
	})
	c := &http.Client{Transport: sb.Transport()}
	for _, tc := range []struct{ name, method, url, body, auth string }{
		{"trello", "POST", sandbox.InProcessRoot + "/trello/1/webhooks?key=" + trello.Key + "&token=" + trello.Token, `{"callbackURL":"https://example.com/h","idModel":"4d5ea62fd76aa1136000000c"}`, ""},
		{"desk", "POST", sandbox.InProcessRoot + "/desk/hooks.json?auth_token=" + sandbox.DeskToken, `{"hook":{"url":"https://example.com/h"}}`, ""},
		{"entrust", "POST", sandbox.InProcessRoot + "/entrust/api/web/v1/adminapi/authenticate", `{"applicationId":"` + entrust.AppID + `","sharedSecret":"` + entrust.Secret + `"}`, ""},
	} {
		r := sandboxtest.Call(t, c, tc.method, tc.url, tc.body, tc.auth)
		if r.Status != 500 || !strings.Contains(r.Body, "no space left on device") || !strings.Contains(r.Body, path) {
			t.Errorf("%s: %d %s; want 500 saying no space left on device and %s", tc.name, r.Status, r.Body, path)
		}
		if strings.Contains(r.Body, "PathError") || strings.Contains(r.Body, ".tmp-") {
			t.Errorf("%s: Go internals in %s", tc.name, r.Body)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a state file was written: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".sandbox.json.tmp-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A state path under a file (not a directory): said with the path, as root
// too (no permission trick).
func TestStateUnderAFileIsSaid(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := sandbox.New(sandbox.Options{Emulators: emulators(), StatePath: filepath.Join(file, "hookctl", "sandbox.json")})
	var se *sandbox.StateError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "not a directory") || !strings.Contains(err.Error(), file) {
		t.Fatalf("got %v", err)
	}
}

// A state file whose part does not decode says how to start over, without
// Go type names.
func TestCorruptPartSaysHowToReset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.json")
	if err := os.WriteFile(path, []byte(`{"version":1,"desk":{"webhooks":"not a list"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	sb, err := sandbox.New(sandbox.Options{Emulators: emulators(), StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	r := sandboxtest.Call(t, &http.Client{Transport: sb.Transport()}, "GET", sandbox.InProcessRoot+"/desk/hooks.json?auth_token="+sandbox.DeskToken, "", "")
	if r.Status != 500 || !strings.Contains(r.Body, "rm "+path) || strings.Contains(r.Body, "Go ") || strings.Contains(r.Body, "unmarshal") {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
}
