package sandbox

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A full disk: every dialect answers with "no space left on device" and the
// state file's path, not the vendor's generic "Internal Server Error" (issue
// 15 item 16); nothing is half-written.
func TestFullDiskIsSaidWithThePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.json")
	sb, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	sb.store.write = func(io.Writer, []byte) error {
		return &os.PathError{Op: "write", Path: path + ".tmp-1", Err: syscall.ENOSPC}
	}
	c := &http.Client{Transport: sb.Transport()}
	for _, tc := range []struct{ name, method, url, body, auth string }{
		{"trello", "POST", InProcessRoot + "/trello/1/webhooks?key=" + TrelloKey + "&token=" + TrelloToken, `{"callbackURL":"https://example.com/h","idModel":"4d5ea62fd76aa1136000000c"}`, ""},
		{"desk", "POST", InProcessRoot + "/desk/hooks.json?auth_token=" + deskToken, `{"hook":{"url":"https://example.com/h"}}`, ""},
		{"entrust", "POST", InProcessRoot + "/entrust/api/web/v1/adminapi/authenticate", `{"applicationId":"` + EntrustAppID + `","sharedSecret":"` + EntrustSecret + `"}`, ""},
	} {
		r := call(t, c, tc.method, tc.url, tc.body, tc.auth)
		if r.status != 500 || !strings.Contains(r.body, "no space left on device") || !strings.Contains(r.body, path) {
			t.Errorf("%s: %d %s; want 500 saying no space left on device and %s", tc.name, r.status, r.body, path)
		}
		if strings.Contains(r.body, "PathError") || strings.Contains(r.body, ".tmp-") {
			t.Errorf("%s: Go internals in %s", tc.name, r.body)
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
	_, err := New(Options{StatePath: filepath.Join(file, "hookctl", "sandbox.json")})
	var se *StateError
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
	sb, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	r := call(t, &http.Client{Transport: sb.Transport()}, "GET", InProcessRoot+"/desk/hooks.json?auth_token="+deskToken, "", "")
	if r.status != 500 || !strings.Contains(r.body, "rm "+path) || strings.Contains(r.body, "Go ") || strings.Contains(r.body, "unmarshal") {
		t.Fatalf("%d %s", r.status, r.body)
	}
}
