package listen

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Recordings keep bodies and headers byte for byte, one line each, even
// when many are appended at once.
func TestRecorder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rec.jsonl")
	r, err := OpenRecorder(path)
	if err != nil {
		t.Fatal(err)
	}
	bodies := [][]byte{[]byte(`{"a":"<&>"}`), {0xff, 0x00, 0xfe, '\n'}, []byte("line1\nline2\u2028"), nil}
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			d := &Delivery{Time: time.Unix(1700000000, 0), Method: "POST", URL: "http://127.0.0.1:1/p?q=%2F", Path: "/p?q=%2F",
				Header: http.Header{"X-Multi": {"a", "b"}, "Content-Type": {"x"}}, Body: bodies[i%len(bodies)],
				Verification: Verification{Result: Verified}, Status: 200}
			if err := r.Record(d); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	_ = r.Close()
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	f, _ := os.Open(path)
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	seen := map[string]bool{}
	for sc.Scan() {
		n++
		var rec Recording
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %d: %v: %q", n, err, sc.Text())
		}
		b, err := rec.RawBody()
		if err != nil {
			t.Fatal(err)
		}
		seen[string(b)] = true
		if rec.Path != "/p" || rec.Query != "q=%2F" || rec.RequestURI() != "/p?q=%2F" || len(rec.Headers["X-Multi"]) != 2 {
			t.Errorf("line %d: %+v", n, rec)
		}
	}
	if n != 50 {
		t.Errorf("%d lines, want 50", n)
	}
	for _, b := range bodies {
		if !seen[string(b)] {
			t.Errorf("body %q not recovered", b)
		}
	}
}

// Record returns once its line is in the file: a delivery answered after
// it is never lost, whatever happens to listen next.
func TestRecordIsWrittenWhenItReturns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rec.jsonl")
	r, err := OpenRecorder(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i := 1; i <= 20; i++ {
		d := &Delivery{Time: time.Unix(1700000000, 0), Method: "POST", Path: "/", Body: []byte(`{"n":1}`), Status: 200}
		if err := r.Record(d); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), "\n"); n != i {
			t.Fatalf("after %d records the file holds %d lines", i, n)
		}
	}
	r.Close()
	if err := r.Record(&Delivery{}); err == nil {
		t.Error("a record after Close: no error")
	}
}
