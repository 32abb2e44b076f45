// Command gendocs regenerates the files derived from the command tree:
// completions/hookctl.{bash,zsh,fish,ps1}, the Markdown command reference in
// docs/reference/ and the man pages in docs/man/, and the tables of the
// guides that list the dialects (from the dialect registry). It rewrites
// those three directories and those marked blocks and nothing else, and
// its output carries no date, so `make generate` followed by `git diff
// --exit-code` tells whether they are fresh.
//
// Usage: go run ./cmd/gendocs [-root DIR]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/hookctl/hookctl/internal/cli"
	"github.com/spf13/cobra/doc"
)

// scriptNames maps each shell to its committed script's file name.
var scriptNames = map[string]string{
	"bash":       "hookctl.bash",
	"zsh":        "hookctl.zsh",
	"fish":       "hookctl.fish",
	"powershell": "hookctl.ps1",
}

// manDate is the fixed date in the man pages' header, so regenerating them
// changes nothing until the commands do.
var manDate = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

func main() {
	root := flag.String("root", ".", "repository root to write completions/ and docs/ under")
	flag.Parse()
	if err := generate(*root); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

func generate(root string) error {
	if err := writeCompletions(filepath.Join(root, "completions")); err != nil {
		return err
	}
	if err := writeReference(filepath.Join(root, "docs", "reference")); err != nil {
		return err
	}
	if err := writeMan(filepath.Join(root, "docs", "man")); err != nil {
		return err
	}
	return writeDialectBlocks(root)
}

func writeCompletions(dir string) error {
	if err := fresh(dir); err != nil {
		return err
	}
	for _, shell := range cli.CompletionShells() {
		var buf bytes.Buffer
		if err := cli.WriteCompletion(cli.NewDocsRoot(), shell, &buf); err != nil {
			return fmt.Errorf("%s completion: %w", shell, err)
		}
		if err := os.WriteFile(filepath.Join(dir, scriptNames[shell]), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func writeReference(dir string) error {
	if err := fresh(dir); err != nil {
		return err
	}
	return doc.GenMarkdownTree(cli.NewDocsRoot(), dir)
}

func writeMan(dir string) error {
	if err := fresh(dir); err != nil {
		return err
	}
	header := &doc.GenManHeader{Title: "HOOKCTL", Section: "1", Date: &manDate, Source: "hookctl", Manual: "hookctl manual"}
	if err := doc.GenManTree(cli.NewDocsRoot(), header, dir); err != nil {
		return err
	}
	// man looks for section 1 in man1/ under each MANPATH entry: a man1
	// link to the pages themselves makes `MANPATH=$PWD/docs/man man
	// hookctl` work from a checkout (release packages install the pages
	// into their own man1/).
	return os.Symlink(".", filepath.Join(dir, "man1"))
}

// fresh empties dir of generated files (so a removed command's page goes
// too) and makes sure it exists.
func fresh(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return os.MkdirAll(dir, 0o755)
}
