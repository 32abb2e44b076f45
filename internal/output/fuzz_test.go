package output

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// limitWriter accepts up to n bytes, then fails, so that a runaway
// expression stops instead of filling memory.
type limitWriter struct{ n int }

var errFull = errors.New("output limit reached")

func (w *limitWriter) Write(b []byte) (int, error) {
	if len(b) > w.n {
		return 0, errFull
	}
	w.n -= len(b)
	return len(b), nil
}

// FuzzJQ checks that no --jq expression makes the printer panic: it either
// fails to compile with a ValidationError, or runs to a result or an error.
func FuzzJQ(f *testing.F) {
	for _, s := range []string{".[].url", `.[] | select(.active) | {id, n: (.failures // 0) + 1}`, "def f: f; f", "[.[] | .events[]?] | unique | join(\",\")"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		if len(expr) > 256 {
			t.Skip()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		p, err := New(&limitWriter{n: 1 << 16}, Options{JQ: expr, Context: ctx})
		if err != nil {
			var ve *webhook.ValidationError
			if expr != "" && !errors.As(err, &ve) {
				t.Fatalf("compile error is not a ValidationError: %v", err)
			}
			return
		}
		_ = p.List(sample())
		_ = p.One(sample()[0])
		_ = p.Value([]string{"a"})
	})
}

// FuzzTemplate checks that no --template makes the printer panic.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{"{{range .}}{{.id}}\n{{end}}", `{{join "," (pluck "url" .)}}`, "{{truncate -1 .}}", "{{json .}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 256 {
			t.Skip()
		}
		p, err := New(&limitWriter{n: 1 << 16}, Options{Template: text})
		if err != nil {
			var ve *webhook.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("parse error is not a ValidationError: %v", err)
			}
			return
		}
		_ = p.List(sample())
		_ = p.One(sample()[0])
		_ = p.Value(3)
	})
}
