package cli

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/httpx"
)

// A run that needs no vendor file reads none: --version, version, a
// completion script and a built-in Go dialect's list parse no YAML (the
// files are read when their dialect, or every dialect, is asked for).
func TestStartupReadsNoVendorFile(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"--version"}, {"version"}, {"completion", "bash"}, {"-p", "sandbox", "list"}} {
		dialect.UseVendorFiles("", nil, nil)
		before := dialect.Parsed()
		getenv := func(k string) string {
			switch k {
			case "HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME":
				return dir
			case "HOOKCTL_KEYRING":
				return "off"
			}
			return ""
		}
		f := &Factory{IO: NewIOStreams(strings.NewReader(""), io.Discard, io.Discard, getenv), Getenv: getenv,
			Opts: &GlobalOptions{}, Redactor: httpx.NewRedactor()}
		if code := Run(context.Background(), f, args); code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		if n := dialect.Parsed() - before; n != 0 {
			t.Errorf("hookctl %s read %d vendor files", strings.Join(args, " "), n)
		}
	}
	dialect.UseVendorFiles("", nil, nil)
	before := dialect.Parsed()
	_ = dialect.All()
	if dialect.Parsed() == before {
		t.Fatal("the registry read no vendor file for All: the count does not count")
	}
}
