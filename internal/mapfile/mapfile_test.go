package mapfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestReadGivesTheContents(t *testing.T) {
	dir := t.TempDir()
	want := bytes.Repeat([]byte("5f1a0000270f00000000270f\thttps://hooks.example.com/x\n"), 5000)
	for name, content := range map[string][]byte{"big": want, "empty": {}, "small": []byte("x")} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		got, release, err := Read(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got, content) {
			t.Errorf("%s: read %d bytes, want %d", name, len(got), len(content))
		}
		release()
	}
}

// A file replaced by rename while mapped: the mapping keeps the old contents.
func TestReadSurvivesReplacementByRename(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cache")
	if err := os.WriteFile(path, []byte("old contents\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, release, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	next := filepath.Join(dir, "next")
	if err := os.WriteFile(next, []byte("new\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(next, path); err != nil {
		t.Fatal(err)
	}
	if string(got) != "old contents\n" {
		t.Fatalf("mapped contents changed to %q", got)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := Read(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
	if _, _, err := Read(dir); err == nil {
		t.Fatal("a directory was read")
	}
}
