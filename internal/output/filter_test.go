package output

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/webhook"
)

func TestJQ(t *testing.T) {
	tests := []struct {
		name, expr string
		do         func(p *Printer) error
		want       string
	}{
		{"strings raw one a line", ".[].url", listSample, "https://h.example/1?x=1&y=2\nhttps://h.example/2\n"},
		// What the filter makes prints raw, as jq -r and gh --jq print it.
		{"a filter's own newline and tab print raw", `"a\nb\tc"`, listSample, "a\nb\tc\n"},
		{"@tsv prints tabs", `.[] | [.id, .url] | @tsv`, listSample, "a1\thttps://h.example/1?x=1&y=2\nb2\thttps://h.example/2\n"},
		{"interpolated newline prints raw", `.[0] | "\(.id)\n\(.url)"`, listSample, "a1\nhttps://h.example/1?x=1&y=2\n"},
		// What came from the backend is escaped, wherever the filter puts it.
		{"a backend's terminal escape stays escaped", `.d, "<\(.d)>"`, func(p *Printer) error {
			return p.Value(json.RawMessage(`{"d": "\u001b]0;pwned\u0007\u009b2J\nnext"}`))
		}, `\x1b]0;pwned\x07\u009b2J\nnext` + "\n" + `<\x1b]0;pwned\x07\u009b2J\nnext>` + "\n"},
		{"JSON values are made safe", `{a: "\u007f\u0085"}`, listSample, `{"a":"\u007f\u0085"}` + "\n"},
		{"numbers", ".[] | .failures // 7", listSample, "0\n7\n"},
		{"length", "length", listSample, "2\n"},
		{"arrays compact", "[.[].id]", listSample, "[\"a1\",\"b2\"]\n"},
		{"objects compact, no HTML escaping", ".[0] | {url, active}", listSample, `{"active":true,"url":"https://h.example/1?x=1&y=2"}` + "\n"},
		{"null and booleans", ".[1].description, .[1].active", listSample, "null\nfalse\n"},
		{"select", `.[] | select(.active) | .id`, listSample, "a1\n"},
		{"one is an object", ".events | join(\",\")", oneSample, "add,del\n"},
		{"value", ". + 1", func(p *Printer) error { return p.Value(41) }, "42\n"},
		{"raw value", ".[1]", func(p *Printer) error { return p.Value(json.RawMessage(`["x","y"]`)) }, "y\n"},
		{"records use data", ".[].name", func(p *Printer) error {
			return p.Records([]string{"NAME"}, [][]string{{"ignored"}}, []profile{{Name: "work"}, {Name: "home"}})
		}, "work\nhome\n"},
		{"big numbers keep their digits", ".n", func(p *Printer) error {
			return p.Value(json.RawMessage(`{"n": 12345678901234567890}`))
		}, "12345678901234567890\n"},
		{"empty output", "empty", listSample, ""},
		{"halt stops quietly", "1, halt, 2", listSample, "1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, Options{Format: Table, JQ: tt.expr}, tt.do)
			if got != tt.want {
				t.Errorf("--jq %s: got %q, want %q", tt.expr, got, tt.want)
			}
		})
	}
}

func listSample(p *Printer) error { return p.List(sample()) }
func oneSample(p *Printer) error  { return p.One(sample()[0]) }

func TestJQRuntimeError(t *testing.T) {
	for _, expr := range []string{`.[] | .id | tonumber`, `error("boom")`, `.[0] | keys | .[0] | halt_error`} {
		var out strings.Builder
		p, err := New(&out, Options{JQ: expr})
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		err = p.List(sample())
		if err == nil || !strings.Contains(err.Error(), "--jq") {
			t.Errorf("--jq %s: error = %v, want one naming --jq", expr, err)
		}
		var ve *webhook.ValidationError
		if errors.As(err, &ve) {
			t.Errorf("--jq %s: a run-time error is not a validation error: %v", expr, err)
		}
	}
}

func TestJQPrintsResultsBeforeAnError(t *testing.T) {
	var out strings.Builder
	p, _ := New(&out, Options{JQ: `.[] | if .id == "b2" then error("bad") else .id end`})
	if err := p.List(sample()); err == nil {
		t.Fatal("want an error")
	}
	if out.String() != "a1\n" {
		t.Errorf("got %q, want the results before the error", out.String())
	}
}

func TestJQCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	p, err := New(discard{}, Options{JQ: "def f: f; f", Context: ctx})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.Value(1) }()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want the context's", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("--jq did not stop when its context ended")
	}
}

// A template stops with its context, silent loop or not, and what it had
// printed below the buffer size is not written.
func TestTemplateCancel(t *testing.T) {
	for _, tmpl := range []string{`{{range 2000000000}}{{end}}`, `{{range 2000000000}}x{{end}}`, `start {{range 2000000000}}{{end}}`} {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		var out strings.Builder
		p, err := New(&out, Options{Template: tmpl, Context: ctx})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- p.Value(1) }()
		select {
		case err := <-done:
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%s: err = %v, want the context's", tmpl, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: --template did not stop when its context ended", tmpl)
		}
		cancel()
		if n := out.Len(); n%templateBuffer != 0 {
			t.Errorf("%s: %d bytes written: not whole pieces of %d", tmpl, n, templateBuffer)
		}
		if tmpl[0] == 's' && out.Len() != 0 {
			t.Errorf("%s: the start of the output was written: %.40q", tmpl, out.String())
		}
	}
}

// A template's output larger than the buffer streams on in pieces of it,
// then the rest; a smaller one is written once, whole.
func TestTemplateOutputPieces(t *testing.T) {
	var w countingWriter
	p, err := New(&w, Options{Template: `{{range 10000000}}x{{end}}`})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Value(1); err != nil {
		t.Fatal(err)
	}
	if w.n != 10000000 || w.writes != 10000000/templateBuffer+1 {
		t.Errorf("%d bytes in %d writes", w.n, w.writes)
	}
}

type countingWriter struct{ n, writes int }

func (c *countingWriter) Write(b []byte) (int, error) { c.n += len(b); c.writes++; return len(b), nil }

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

func TestTemplate(t *testing.T) {
	tests := []struct {
		name, tmpl string
		do         func(p *Printer) error
		want       string
	}{
		{"range over list", `{{range .}}{{.id}} {{.url}}{{"\n"}}{{end}}`, listSample,
			"a1 https://h.example/1?x=1&y=2\nb2 https://h.example/2\n"},
		{"one", `{{.id}}: {{join ", " .events}} active={{.active}} failures={{.failures}}`, oneSample,
			"a1: add, del active=true failures=0"},
		{"upper lower", `{{upper .id}}{{lower "X"}}`, oneSample, "A1x"},
		{"json", `{{json .events}} {{json .}}`, func(p *Printer) error { return p.One(sample()[1]) },
			`null {"active":false,"id":"b2","url":"https://h.example/2"}`},
		{"truncate", `{{truncate 10 .url}}`, oneSample, "https://h…"},
		{"pluck", `{{join "," (pluck "id" .)}}`, listSample, "a1,b2"},
		{"numbers print as written", `{{.n}}`, func(p *Printer) error { return p.Value(json.RawMessage(`{"n": 1000000}`)) }, "1000000"},
		{"missing optional field", `{{with .description}}{{.}}{{else}}-{{end}}`, func(p *Printer) error { return p.One(sample()[1]) }, "-"},
		{"raw", `{{.idModel}}`, func(p *Printer) error { return p.One(sample()[0]) }, "m1"},
		{"records", `{{range .}}{{.name}};{{end}}`, func(p *Printer) error {
			return p.Records(nil, nil, []profile{{Name: "work"}, {Name: "home"}})
		}, "work;home;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, Options{Format: JSON, Template: tt.tmpl, Raw: tt.name == "raw"}, tt.do)
			if got != tt.want {
				t.Errorf("--template %s: got %q, want %q", tt.tmpl, got, tt.want)
			}
		})
	}
}

func TestTemplateRuntimeError(t *testing.T) {
	for _, tmpl := range []string{`{{join "," .url}}`, `{{index . 5}}`, `{{template "nope"}}`} {
		p, err := New(&strings.Builder{}, Options{Template: tmpl})
		if err != nil {
			t.Fatalf("New(%q): %v", tmpl, err)
		}
		if err := p.One(sample()[0]); err == nil || !strings.Contains(err.Error(), "--template") {
			t.Errorf("%s: error = %v, want one naming --template", tmpl, err)
		}
	}
}
