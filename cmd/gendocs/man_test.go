package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// From a checkout, `MANPATH=$PWD/docs/man man hookctl` finds every page:
// man looks for section 1 in man1/, which docs/man did not have.
func TestManPagesUnderMANPATH(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "docs", "man"))
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	if len(pages) < 10 {
		t.Fatalf("only %d man pages in %s", len(pages), dir)
	}
	for _, p := range pages {
		if _, err := os.Stat(filepath.Join(dir, "man1", filepath.Base(p))); err != nil {
			t.Errorf("%s is not under man1/: %v", filepath.Base(p), err)
		}
	}
	man, err := exec.LookPath("man")
	if err != nil {
		return
	}
	cmd := exec.Command(man, "-w", "hookctl-list")
	cmd.Env = append(os.Environ(), "MANPATH="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.HasPrefix(strings.TrimSpace(string(out)), dir) {
		t.Errorf("MANPATH=%s man -w hookctl-list: %v\n%s", dir, err, out)
	}
}
