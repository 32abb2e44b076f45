// Package atomicfile is hookctl's one way to replace a file: readers see
// the old contents or the new, never part of either, and a symbolic link is
// written through only to a regular file. Locks between processes are
// go-internal's lockedfile.
package atomicfile

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// NotRegularError is a refusal to replace something that is not a regular
// file (a device, a directory, a pipe), directly or through a link.
type NotRegularError struct {
	Link   bool   // the path is a symbolic link
	Target string // what the link resolves to (Link only)
	Kind   string // "a device", "a directory", ..., or "missing"
}

func (e *NotRegularError) Error() string {
	switch {
	case !e.Link:
		return "it is " + e.Kind + ", not a regular file: not replaced"
	case e.Kind == "missing":
		return "it is a symbolic link to " + e.Target + ", which does not exist: not replaced"
	}
	return "it is a symbolic link to " + e.Target + ", " + e.Kind + ", not a regular file: not replaced"
}

// Target returns the file a write to path replaces: path itself, or the
// regular file a symbolic link at path resolves to. Anything else is a
// *NotRegularError. A path that does not exist yet is its own target.
func Target(path string) (string, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return path, nil
	}
	if err != nil {
		return "", err
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		if !fi.Mode().IsRegular() {
			return "", &NotRegularError{Kind: kind(fi.Mode())}
		}
		return path, nil
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		dest, _ := os.Readlink(path)
		return "", &NotRegularError{Link: true, Target: dest, Kind: "missing"}
	}
	fi, err = os.Stat(target)
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", &NotRegularError{Link: true, Target: target, Kind: kind(fi.Mode())}
	}
	return target, nil
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a plain file"
}

// Write replaces the file at path (see Target) with what write writes (to
// a buffer Write flushes), mode
// 0600: a hidden temporary file in the target's directory (created 0700 if
// missing), flushed to disk, then renamed over the target, and the
// directory entry flushed too. If write or any step fails, the old file is
// untouched and the temporary file removed.
func Write(path string, write func(*bufio.Writer) error) (err error) {
	target, err := Target(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp-*") // mode 0600
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// CreateTemp makes it 0600 already; Chmod says so whatever the umask.
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	w := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil { // make the rename durable; best effort
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// WriteFile is Write with the contents in hand.
func WriteFile(path string, data []byte) error {
	return Write(path, func(w *bufio.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
