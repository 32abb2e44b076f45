package gojq

import (
	"fmt"
	"os"
	"testing"
)

// TestMain runs before any query is compiled: the builtin table must not
// have been built by a package init (README.md, the one change from
// upstream).
func TestMain(m *testing.M) {
	if builtinFuncDefs != nil {
		fmt.Fprintln(os.Stderr, "gojq's builtin table was built at init; it must wait for the first Compile")
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func TestBuiltinTableBuiltOnFirstCompile(t *testing.T) {
	q, err := Parse("map(select(. > 1))")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compile(q); err != nil {
		t.Fatal(err)
	}
	if len(builtinFuncDefs) == 0 {
		t.Fatal("compiling a query that calls builtins left the table empty")
	}
}
