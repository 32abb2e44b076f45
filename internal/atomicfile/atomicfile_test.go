package atomicfile

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A write that fails part way (a full disk, say) leaves the old file as it
// was and no temporary file behind. The failure is the writer's own, which
// root cannot bypass as it does a read-only directory (CI runs as root).
func TestWriteFileAtomicKeepsOldOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte("profile: old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	full := errors.New("no space left on device")
	err := Write(path, func(w *bufio.Writer) error {
		w.WriteString(strings.Repeat("profile: new\n", 10000)) // past the buffer: on disk
		return full
	})
	if !errors.Is(err, full) {
		t.Fatalf("err = %v, want the writer's", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "profile: old\n" {
		t.Errorf("old file changed: %.40q", data)
	}
	assertOnly(t, dir, "config.yaml")
}

func TestWriteFileFollowsLinkToRegularFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.yaml")
	link := filepath.Join(dir, "config.yaml")
	os.WriteFile(target, []byte("a\n"), 0o600)
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Skip(err)
	}
	if err := WriteFile(link, []byte("b\n")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if data, _ := os.ReadFile(target); string(data) != "b\n" {
		t.Errorf("target holds %q", data)
	}
	assertOnly(t, dir, "config.yaml", "real.yaml")
}

func TestWriteFileNewFileAndDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "ids")
	if err := WriteFile(path, []byte("x")); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want mode %o", p, fi.Mode(), err, want)
		}
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}
