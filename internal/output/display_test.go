package output

import (
	"errors"
	"strings"
	"syscall"
	"testing"

	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

func TestColor(t *testing.T) {
	list := func(p *Printer) error { return p.List(sample()) }
	plain := render(t, Options{Format: Table, Columns: sampleCols}, list)
	if strings.Contains(plain, "\x1b") {
		t.Errorf("Color false printed an escape sequence:\n%q", plain)
	}
	colored := render(t, Options{Format: Table, Columns: sampleCols, Color: true}, list)
	for _, want := range []string{sgrBold + "ID" + sgrReset, sgrGreen + "true" + sgrReset, sgrRed + "false" + sgrReset} {
		if !strings.Contains(colored, want) {
			t.Errorf("coloured table lacks %q:\n%q", want, colored)
		}
	}
	if stripANSI(colored) != plain {
		t.Errorf("colour changed the layout:\n%s\nvs\n%s", stripANSI(colored), plain)
	}
	for _, f := range []Format{TSV, CSV, JSON, JSONL, YAML} {
		if out := render(t, Options{Format: f, Columns: sampleCols, Color: true}, list); strings.Contains(out, "\x1b") {
			t.Errorf("%s printed an escape sequence: %q", f, out)
		}
	}
}

func stripANSI(s string) string { return twwidth.Filter().ReplaceAllString(s, "") }

func TestTSVEscaping(t *testing.T) {
	w := webhook.Webhook{
		ID:          "x1",
		URL:         `https://h.example/a\b`,
		Description: ptr("tab\there\nnew line\r\x00bell\x07 del\x7f csi\u009b é ✓"),
		Events:      []string{"a\tb", "c"},
	}
	got := render(t, Options{Format: TSV, Columns: []string{"id", "url", "description", "events"}}, func(p *Printer) error { return p.One(w) })
	want := `x1	https://h.example/a\\b	tab\there\nnew line\r\x00bell\x07 del\x7f csi\u009b é ✓	a\tb,c` + "\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if strings.Count(got, "\n") != 1 || strings.Count(got, "\t") != 3 {
		t.Errorf("a webhook must be one line of four cells: %q", got)
	}
	rec := render(t, Options{Format: TSV}, func(p *Printer) error {
		return p.Records([]string{"a", "b"}, [][]string{{"1\t2", "3\n4"}}, nil)
	})
	if rec != `1\t2	3\n4`+"\n" {
		t.Errorf("records: got %q", rec)
	}
}

func TestTableEscapesControlCharacters(t *testing.T) {
	w := webhook.Webhook{ID: "x1", URL: "https://h.example/", Description: ptr("evil\x1b]0;title\x07\nnext")}
	got := render(t, Options{Format: Table, Columns: []string{"id", "url", "description"}}, func(p *Printer) error { return p.One(w) })
	if strings.ContainsAny(got, "\x1b\x07") || strings.Count(got, "\n") != 3 {
		t.Errorf("table let control characters through: %q", got)
	}
}

func TestTruncation(t *testing.T) {
	long := "https://h.example/" + strings.Repeat("p", 100)
	id := strings.Repeat("f", 24)
	ws := []webhook.Webhook{
		{ID: id, URL: long, Description: ptr(strings.Repeat("d", 60)), Active: ptr(true)},
		{ID: "b2", URL: "https://h.example/2", Active: ptr(false)},
	}
	cols := []string{"id", "url", "description", "active"}
	got := render(t, Options{Format: Table, Columns: cols, Width: 80}, func(p *Printer) error { return p.List(ws) })
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got %q", got)
	}
	for _, l := range lines {
		if n := twwidth.Width(l); n > 80 {
			t.Errorf("line is %d wide, want at most 80: %q", n, l)
		}
	}
	if !strings.HasPrefix(lines[1], id+"   ") {
		t.Errorf("id was truncated: %q", lines[1])
	}
	// A URL is cut in its middle: its host and its path's end stay.
	if !strings.Contains(lines[1], "https://h.example/…ppp") {
		t.Errorf("long url not cut in the middle: %q", lines[1])
	}
	if !strings.Contains(lines[2], "https://h.example/2") || !strings.HasSuffix(lines[2], "false") {
		t.Errorf("short row changed: %q", lines[2])
	}

	// Without a width nothing is cut; tsv never cuts.
	for _, o := range []Options{{Format: Table, Columns: cols}, {Format: TSV, Columns: cols, Width: 40}} {
		out := render(t, o, func(p *Printer) error { return p.List(ws) })
		if strings.Contains(out, "…") || !strings.Contains(out, long) {
			t.Errorf("%s width %d truncated: %q", o.Format, o.Width, out)
		}
	}

	// A width too small for anything still prints every id whole.
	out := render(t, Options{Format: Table, Columns: cols, Width: 10}, func(p *Printer) error { return p.List(ws) })
	if !strings.Contains(out, id) {
		t.Errorf("id cut at width 10: %q", out)
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"hello", 5, "hello"},
		{"hello", 4, "hel…"},
		{"hello", 1, "…"},
		{"hello", 0, ""},
		{"日本語テキスト", 5, "日本…"},
	}
	for _, tt := range tests {
		if got := truncate(tt.s, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

// failWriter fails every write after the first n bytes, as a closed pipe does.
type failWriter struct{ n int }

func (w *failWriter) Write(b []byte) (int, error) {
	if len(b) <= w.n {
		w.n -= len(b)
		return len(b), nil
	}
	k := w.n
	w.n = 0
	return k, syscall.EPIPE
}

func TestWriteErrorsAreReturned(t *testing.T) {
	ws := make([]webhook.Webhook, 5000)
	for i := range ws {
		ws[i] = sample()[i%2]
	}
	var opts []Options
	for _, f := range Formats {
		opts = append(opts, Options{Format: Format(f), Columns: sampleCols})
	}
	opts = append(opts, Options{Quiet: true}, Options{JQ: "."}, Options{Template: "{{json .}}\n"}, Options{Format: JSON, Raw: true})
	for _, o := range opts {
		for _, n := range []int{0, 100} {
			p, err := New(&failWriter{n: n}, o)
			if err != nil {
				t.Fatal(err)
			}
			calls := map[string]func() error{
				"List":    func() error { return p.List(ws) },
				"One":     func() error { return p.One(ws[0]) },
				"Value":   func() error { return p.Value([]string{"a", "b"}) },
				"Records": func() error { return p.Records([]string{"h"}, [][]string{{"x"}}, []string{"x"}) },
			}
			for name, call := range calls {
				if n > 0 && name != "List" {
					continue
				}
				if err := call(); !errors.Is(err, syscall.EPIPE) {
					t.Errorf("%+v %s after %d bytes: err = %v, want EPIPE", o, name, n, err)
				}
			}
		}
	}
}

func TestTruncateMiddle(t *testing.T) {
	const u = "https://hooks.example.com/a/very/long/path?token=abcdef"
	for _, tt := range []struct {
		n    int
		want string
	}{
		{80, u},
		{40, "https://hooks.example.com/…?token=abcdef"},
		{30, "https://hooks.example.com/…def"},
		{25, "hooks.example.com/…abcdef"},
		{18, "hooks.example.com…"},
	} {
		if got := truncateMiddle(u, tt.n); got != tt.want || twwidth.Width(got) > tt.n {
			t.Errorf("truncateMiddle(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	if got := truncateMiddle("no url here at all", 10); got != "no url he…" {
		t.Errorf("plain text: %q", got)
	}
}
