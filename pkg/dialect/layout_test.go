package dialect

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/hookctl/hookctl/pkg/dialect/spec"
)

// TestNoDialectNameOutsideItsPackage reads the tree (a dialect is one
// package and one line, or one vendor file): a dialect's name or its vendor's name, as
// a word in a string literal, appears only in its own package, its
// emulator (pkg/sandbox/NAME.go, NAME_*.go or pkg/sandbox/NAME/), the
// signature schemes it uses and tests. Anywhere else it would be a switch
// on dialect names, a vendor's header or body shape, or help text that a
// new dialect leaves out of date: knowledge that belongs in the descriptor.
func TestNoDialectNameOutsideItsPackage(t *testing.T) {
	root := filepath.Join("..", "..")
	own := func(rel, name string) bool {
		return strings.HasPrefix(rel, "pkg/dialect/"+name+"/") ||
			strings.HasPrefix(rel, "pkg/sandbox/"+name+"/") ||
			rel == "pkg/sandbox/"+name+".go" || strings.HasPrefix(rel, "pkg/sandbox/"+name+"_")
	}
	fset := token.NewFileSet()
	for _, dir := range []string{"cmd", "internal", "pkg"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			rel = filepath.ToSlash(rel)
			if strings.Contains(rel, "/internal/dialecttest/") || strings.Contains(rel, "/testdata/") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if _, ok := n.(*ast.ImportSpec); ok {
					return false
				}
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return true
				}
				if strings.ContainsFunc(s, unicode.IsSpace) {
					// Prose (help, messages) may name vendors as
					// examples; per-dialect tables in help are made
					// from the descriptors (internal/cli/dialect_help.go).
					return true
				}
				for _, d := range All() {
					if mentions(s, d) && !own(rel, d.Name) && !vendorSchemes[rel] {
						t.Errorf("%s: %s named outside its package and emulator (put it in the descriptor): %.60q", fset.Position(lit.Pos()), d.Title, s)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestImportRules: the sandbox (core and emulators) imports no client
// package, so client tests against it mean something; the dialect packages
// import neither internal/ nor viper nor a keyring.
func TestImportRules(t *testing.T) {
	root := filepath.Join("..", "..")
	const mod = "github.com/hookctl/hookctl/"
	rules := []struct {
		dir      string
		forbids  []string
		whyWrong string
	}{
		{"pkg/sandbox", []string{mod + "pkg/dialect"}, "an emulator must not import the client"},
		{"pkg/dialect", []string{mod + "internal/", "github.com/spf13/viper", "github.com/zalando/go-keyring"}, "a dialect is a library"},
	}
	fset := token.NewFileSet()
	for _, r := range rules {
		err := filepath.WalkDir(filepath.Join(root, r.dir), func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				for _, bad := range r.forbids {
					if strings.HasPrefix(p, bad) {
						t.Errorf("%s imports %s: %s", path, p, r.whyWrong)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// vendorSchemes are the files that implement a vendor's signature scheme as
// a library (pkg/signature), which the dialects call.
var vendorSchemes = map[string]bool{
	"pkg/signature/github.go":  true,
	"pkg/signature/trello.go":  true,
	"pkg/signature/entrust.go": true,
}

// mentions reports whether text names dialect d: its name or its title as
// a word, in any case.
func mentions(text string, d *spec.Descriptor) bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, w := range words {
		if w == d.Name || w == strings.ToLower(d.Title) {
			return true
		}
	}
	return false
}
