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
)

// TestNoDialectNameOutsideItsPackage reads the tree (STYLE.md: "a dialect
// is one package and one line"): a dialect's name as a string literal
// appears only in its own package, its emulator (pkg/sandbox/NAME.go,
// NAME_*.go or pkg/sandbox/NAME/) and tests. Anywhere else it would be a
// switch on dialect names, knowledge that belongs in the descriptor.
func TestNoDialectNameOutsideItsPackage(t *testing.T) {
	root := filepath.Join("..", "..")
	names := map[string]bool{}
	for _, d := range Descriptors {
		names[d.Name] = true
	}
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
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err == nil && names[s] && !own(rel, s) {
					t.Errorf("%s: dialect name %q outside its package and emulator (put it in the descriptor)", fset.Position(lit.Pos()), s)
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
// import neither internal/ nor viper nor a keyring (SPEC §8).
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
