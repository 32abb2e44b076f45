package cli

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/httpx"
)

func BenchmarkVersionRun(b *testing.B) {
	for i := 0; i < b.N; i++ {
		getenv := func(string) string { return "" }
		f := &Factory{IO: NewIOStreams(strings.NewReader(""), io.Discard, io.Discard, getenv), Getenv: getenv, Opts: &GlobalOptions{}, Redactor: httpx.NewRedactor()}
		Run(context.Background(), f, []string{"--version"})
	}
}
