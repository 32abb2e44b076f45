//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A link to a device, a directory or nothing, or a path that is itself a
// device, is refused: nothing is replaced and nothing is created.
func TestWriteFileRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o700)
	for _, c := range []struct{ name, dest, want string }{
		{"device", "/dev/null", "a symbolic link to /dev/null, a device"},
		{"directory", sub, "a directory"},
		{"dangling", filepath.Join(dir, "nowhere"), "does not exist"},
	} {
		link := filepath.Join(dir, c.name+".yaml")
		if err := os.Symlink(c.dest, link); err != nil {
			t.Skip(err)
		}
		err := WriteFile(link, []byte("x\n"))
		var nr *NotRegularError
		if !errors.As(err, &nr) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want a refusal naming %q", c.name, err, c.want)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s: the link is gone or replaced", c.name)
		}
	}
	if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode()&os.ModeDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v %v", fi, err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(fifo, []byte("x\n")); err == nil || !strings.Contains(err.Error(), "it is a named pipe") {
		t.Errorf("a named pipe itself: err = %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "nowhere")); err == nil {
		t.Error("a dangling link's target was created")
	}
	assertOnly(t, dir, "dangling.yaml", "device.yaml", "directory.yaml", "fifo", "sub")
}
