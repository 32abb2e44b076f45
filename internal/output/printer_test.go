package output

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hookctl/hookctl/pkg/webhook"
)

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"table", "tsv", "json", "jsonl", "yaml", "csv", "JSON", " yaml "} {
		f, err := ParseFormat(s)
		if err != nil || string(f) != strings.ToLower(strings.TrimSpace(s)) {
			t.Errorf("ParseFormat(%q) = %q, %v", s, f, err)
		}
	}
	_, err := ParseFormat("xml")
	var ve *webhook.ValidationError
	if !errors.As(err, &ve) || ve.Field != "--output" {
		t.Fatalf("ParseFormat(xml) error = %v, want a ValidationError for --output", err)
	}
	for _, f := range Formats {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not list %q", err, f)
		}
	}
}

func TestList(t *testing.T) {
	tests := []struct {
		format Format
		want   string
	}{
		{Table, `ID   URL                           DESCRIPTION   EVENTS    ACTIVE
a1   https://h.example/1?x=1&y=2   first         add,del   true
b2   https://h.example/2                                   false
`},
		{TSV, "a1\thttps://h.example/1?x=1&y=2\tfirst\tadd,del\ttrue\n" +
			"b2\thttps://h.example/2\t\t\tfalse\n"},
		{CSV, `id,url,description,events,active
a1,https://h.example/1?x=1&y=2,first,"add,del",true
b2,https://h.example/2,,,false
`},
		{JSON, `[
  {
    "id": "a1",
    "url": "https://h.example/1?x=1&y=2",
    "description": "first",
    "events": [
      "add",
      "del"
    ],
    "active": true,
    "failures": 0
  },
  {
    "id": "b2",
    "url": "https://h.example/2",
    "active": false
  }
]
`},
		{JSONL, `{"id":"a1","url":"https://h.example/1?x=1&y=2","description":"first","events":["add","del"],"active":true,"failures":0}
{"id":"b2","url":"https://h.example/2","active":false}
`},
		{YAML, `- id: a1
  url: https://h.example/1?x=1&y=2
  description: first
  events:
    - add
    - del
  active: true
  failures: 0
- id: b2
  url: https://h.example/2
  active: false
`},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			got := render(t, Options{Format: tt.format, Columns: sampleCols}, func(p *Printer) error { return p.List(sample()) })
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestListQuiet(t *testing.T) {
	for _, f := range Formats {
		got := render(t, Options{Format: Format(f), Quiet: true}, func(p *Printer) error { return p.List(sample()) })
		if got != "a1\nb2\n" {
			t.Errorf("%s -q: got %q", f, got)
		}
	}
}

func TestDefaultColumnsAndIDFirst(t *testing.T) {
	got := render(t, Options{Format: TSV}, func(p *Printer) error { return p.List(sample()) })
	if want := "a1\thttps://h.example/1?x=1&y=2\nb2\thttps://h.example/2\n"; got != want {
		t.Errorf("default columns: got %q, want %q", got, want)
	}
	got = render(t, Options{Format: TSV, Columns: []string{"url", "id", "URL"}}, func(p *Printer) error { return p.One(sample()[1]) })
	if want := "b2\thttps://h.example/2\n"; got != want {
		t.Errorf("id first, no duplicates: got %q, want %q", got, want)
	}
}

func TestEmptyList(t *testing.T) {
	tests := map[Format]string{
		Table: "",
		TSV:   "",
		CSV:   "id,url\n",
		JSON:  "[]\n",
		JSONL: "",
		YAML:  "[]\n",
	}
	for f, want := range tests {
		for _, ws := range [][]webhook.Webhook{nil, {}} {
			got := render(t, Options{Format: f}, func(p *Printer) error { return p.List(ws) })
			if got != want {
				t.Errorf("%s empty list: got %q, want %q", f, got, want)
			}
		}
	}
}

func TestOne(t *testing.T) {
	tests := []struct {
		format Format
		quiet  bool
		want   string
	}{
		{Table, false, "ID:          b2\nURL:         https://h.example/2\nDESCRIPTION:\nEVENTS:\nACTIVE:      false\n"},
		{TSV, false, "b2\thttps://h.example/2\t\t\tfalse\n"},
		{CSV, false, "id,url,description,events,active\nb2,https://h.example/2,,,false\n"},
		{JSON, false, "{\n  \"id\": \"b2\",\n  \"url\": \"https://h.example/2\",\n  \"active\": false\n}\n"},
		{JSONL, false, `{"id":"b2","url":"https://h.example/2","active":false}` + "\n"},
		{YAML, false, "id: b2\nurl: https://h.example/2\nactive: false\n"},
		{JSON, true, "b2\n"},
		{TSV, true, "b2\n"},
	}
	for _, tt := range tests {
		got := render(t, Options{Format: tt.format, Quiet: tt.quiet, Columns: sampleCols}, func(p *Printer) error { return p.One(sample()[1]) })
		if got != tt.want {
			t.Errorf("%s quiet=%v:\ngot:\n%s\nwant:\n%s", tt.format, tt.quiet, got, tt.want)
		}
	}
}

func TestOneShowsToken(t *testing.T) {
	w := webhook.Webhook{ID: "e1", URL: "https://h.example/e", Secret: "s3cret"}
	tests := map[Format]string{
		TSV:   "e1\thttps://h.example/e\ts3cret\n",
		Table: "ID:     e1\nURL:    https://h.example/e\nSECRET: s3cret\n",
		CSV:   "id,url,secret\ne1,https://h.example/e,s3cret\n",
		JSONL: `{"id":"e1","url":"https://h.example/e","secret":"s3cret"}` + "\n",
	}
	for f, want := range tests {
		got := render(t, Options{Format: f}, func(p *Printer) error { return p.One(w) })
		if got != want {
			t.Errorf("%s: got %q, want %q", f, got, want)
		}
	}
	// The default columns are not changed for the next call.
	p, _ := New(&strings.Builder{}, Options{Format: TSV})
	_ = p.One(w)
	if len(p.cols) != 2 {
		t.Errorf("One with a secret changed the printer's columns: %v", p.cols)
	}
}

func TestValue(t *testing.T) {
	values := []struct {
		name string
		v    any
		want map[Format]string // formats not listed print the bare text
		bare string
	}{
		{"string", "https://h.example/x?a=1&b=2", map[Format]string{
			JSON: "\"https://h.example/x?a=1&b=2\"\n", JSONL: "\"https://h.example/x?a=1&b=2\"\n", YAML: "https://h.example/x?a=1&b=2\n",
		}, "https://h.example/x?a=1&b=2\n"},
		{"list", []string{"add", "del"}, map[Format]string{
			JSON: "[\n  \"add\",\n  \"del\"\n]\n", JSONL: "[\"add\",\"del\"]\n", YAML: "- add\n- del\n",
		}, "add,del\n"},
		{"bool", false, map[Format]string{JSON: "false\n", JSONL: "false\n", YAML: "false\n"}, "false\n"},
		{"int", 42, map[Format]string{JSON: "42\n", JSONL: "42\n", YAML: "42\n"}, "42\n"},
		{"raw string", json.RawMessage(`"https://h.example/r"`), map[Format]string{
			JSON: "\"https://h.example/r\"\n", YAML: "https://h.example/r\n",
		}, "https://h.example/r\n"},
		{"raw list", json.RawMessage(`["a", "b"]`), map[Format]string{
			JSON: "[\n  \"a\",\n  \"b\"\n]\n", JSONL: "[\"a\",\"b\"]\n", YAML: "- a\n- b\n",
		}, "a,b\n"},
		{"raw null", json.RawMessage(`null`), map[Format]string{JSON: "null\n", YAML: "null\n"}, "\n"},
	}
	for _, tt := range values {
		for _, f := range Formats {
			want, ok := tt.want[Format(f)]
			if !ok {
				switch Format(f) {
				case JSON, JSONL:
					continue // covered above where it matters
				case YAML:
					continue
				}
				want = tt.bare
			}
			got := render(t, Options{Format: Format(f)}, func(p *Printer) error { return p.Value(tt.v) })
			if got != want {
				t.Errorf("%s %s: got %q, want %q", tt.name, f, got, want)
			}
		}
	}
}

func TestValueEscapedInEveryFormat(t *testing.T) {
	v := "two\nlines\x1b[2J"
	for _, f := range []Format{TSV, Table, CSV} {
		if got := render(t, Options{Format: f}, func(p *Printer) error { return p.Value(v) }); got != `two\nlines\x1b[2J`+"\n" {
			t.Errorf("%s: got %q, want it escaped", f, got)
		}
	}
}

// TestBackendTextSafeInEveryFormat: a description that sets the terminal
// title and writes the clipboard (OSC 52) reaches no format raw.
func TestBackendTextSafeInEveryFormat(t *testing.T) {
	evil := "x\x1b]0;owned\x07\x1b]52;c;cHduZWQ=\x07\u009b2J\x7f\xff"
	ws := []webhook.Webhook{{ID: "4d5ea62fd76aa1136000000c", URL: "https://example.com/a", Description: &evil}}
	opts := []Options{{JQ: "..|strings"}, {JQ: "[..]"}, {Template: "{{.}}"}, {Template: `{{json .}}`}}
	for _, f := range Formats {
		opts = append(opts, Options{Format: Format(f)}, Options{Format: Format(f), Columns: []string{"id", "description"}})
	}
	for _, o := range opts {
		for name, do := range map[string]func(p *Printer) error{
			"list":  func(p *Printer) error { return p.List(ws) },
			"one":   func(p *Printer) error { return p.One(ws[0]) },
			"value": func(p *Printer) error { return p.Value(evil) },
		} {
			got := render(t, o, do)
			if strings.ContainsAny(got, "\x1b\x07\x7f") || strings.Contains(got, "\u009b") || !utf8.ValidString(got) {
				t.Errorf("%+v %s: raw control characters reached the output: %q", o, name, got)
			}
		}
	}
}

func TestCSVFormulaPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": `"'=HYPERLINK(""x"")"`,
		"+1":                "'+1",
		"-2":                "'-2",
		"@SUM(A1)":          "'@SUM(A1)",
		"\tx":               `'\tx`,
		"\rx":               `'\rx`,
		"plain":             "plain",
		"a=b":               "a=b",
	} {
		d := in
		got := render(t, Options{Format: CSV, Columns: []string{"id", "description"}}, func(p *Printer) error {
			return p.List([]webhook.Webhook{{ID: "1", Description: &d}})
		})
		if want := "id,description\n1," + want + "\n"; got != want {
			t.Errorf("csv of %q: got %q, want %q", in, got, want)
		}
	}
}

type profile struct {
	Name    string `json:"name"`
	Dialect string `json:"dialect"`
	Default bool   `json:"default,omitempty"`
}

func TestRecords(t *testing.T) {
	headers := []string{"name", "dialect"}
	rows := [][]string{{"work", "trello"}, {"home", "entrust"}}
	data := []profile{{"work", "trello", true}, {"home", "entrust", false}}
	tests := []struct {
		format Format
		quiet  bool
		want   string
	}{
		{Table, false, "NAME   DIALECT\nwork   trello\nhome   entrust\n"},
		{TSV, false, "work\ttrello\nhome\tentrust\n"},
		{CSV, false, "name,dialect\nwork,trello\nhome,entrust\n"},
		{JSON, false, `[
  {
    "name": "work",
    "dialect": "trello",
    "default": true
  },
  {
    "name": "home",
    "dialect": "entrust"
  }
]
`},
		{JSONL, false, `{"name":"work","dialect":"trello","default":true}
{"name":"home","dialect":"entrust"}
`},
		{YAML, false, `- name: work
  dialect: trello
  default: true
- name: home
  dialect: entrust
`},
		{Table, true, "work\nhome\n"},
	}
	for _, tt := range tests {
		got := render(t, Options{Format: tt.format, Quiet: tt.quiet}, func(p *Printer) error { return p.Records(headers, rows, data) })
		if got != tt.want {
			t.Errorf("%s quiet=%v:\ngot:\n%s\nwant:\n%s", tt.format, tt.quiet, got, tt.want)
		}
	}
}

func TestRecordsSingleObject(t *testing.T) {
	res := webhook.TestResult{URL: "https://h.example/t", Status: 200, Signed: true}
	got := render(t, Options{Format: JSONL}, func(p *Printer) error {
		return p.Records([]string{"status"}, [][]string{{"200"}}, res)
	})
	if want := `{"url":"https://h.example/t","status":200,"signed":true,"elapsed_ns":0}` + "\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := render(t, Options{Format: Table}, func(p *Printer) error { return p.Records([]string{"a"}, nil, nil) }); got != "" {
		t.Errorf("empty records table: got %q, want nothing", got)
	}
}

func TestRaw(t *testing.T) {
	tests := []struct {
		format Format
		want   string
	}{
		{JSON, `[
  {
    "callbackURL": "https://h.example/1?x=1&y=2",
    "idModel": "m1",
    "active": true
  },
  {
    "id": "b2",
    "url": "https://h.example/2",
    "active": false
  }
]
`},
		{JSONL, `{"callbackURL":"https://h.example/1?x=1&y=2","idModel":"m1","active":true}
{"id":"b2","url":"https://h.example/2","active":false}
`},
		{YAML, `- callbackURL: https://h.example/1?x=1&y=2
  idModel: m1
  active: true
- id: b2
  url: https://h.example/2
  active: false
`},
		// Tabular formats keep the common columns.
		{TSV, "a1\thttps://h.example/1?x=1&y=2\nb2\thttps://h.example/2\n"},
	}
	for _, tt := range tests {
		got := render(t, Options{Format: tt.format, Raw: true}, func(p *Printer) error { return p.List(sample()) })
		if got != tt.want {
			t.Errorf("%s --raw:\ngot:\n%s\nwant:\n%s", tt.format, got, tt.want)
		}
	}
	got := render(t, Options{Format: JSON, Raw: true}, func(p *Printer) error { return p.One(sample()[0]) })
	if want := "{\n  \"callbackURL\": \"https://h.example/1?x=1&y=2\",\n  \"idModel\": \"m1\",\n  \"active\": true\n}\n"; got != want {
		t.Errorf("One --raw: got %q, want %q", got, want)
	}
	got = render(t, Options{JQ: ".idModel", Raw: true}, func(p *Printer) error { return p.One(sample()[0]) })
	if got != "m1\n" {
		t.Errorf("--raw --jq: got %q", got)
	}
}

func TestRawInvalidJSON(t *testing.T) {
	w := webhook.Webhook{ID: "x", Raw: json.RawMessage(`{"broken`)}
	for _, o := range []Options{{Format: JSON, Raw: true}, {Format: JSONL, Raw: true}, {Format: YAML, Raw: true}, {JQ: ".", Raw: true}} {
		p, _ := New(&strings.Builder{}, o)
		if err := p.One(w); err == nil {
			t.Errorf("%+v: no error for invalid raw JSON", o)
		}
	}
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		opts  Options
		field string
	}{
		{Options{Format: "xml"}, "--output"},
		{Options{JQ: ".id", Template: "{{.id}}"}, "--jq"},
		{Options{JQ: ".id", Quiet: true}, "--jq"},
		{Options{Template: "x", Quiet: true}, "--template"},
		{Options{Columns: []string{"id", "colour"}}, "--columns"},
		{Options{JQ: ".[] | "}, "--jq"},
		{Options{JQ: "nosuchfunc(1)"}, "--jq"},
		{Options{Template: "{{.id"}, "--template"},
		{Options{Template: "{{nosuchfunc .}}"}, "--template"},
	}
	for _, tt := range tests {
		_, err := New(&strings.Builder{}, tt.opts)
		var ve *webhook.ValidationError
		if !errors.As(err, &ve) || ve.Field != tt.field || !errors.Is(err, webhook.ErrValidation) {
			t.Errorf("New(%+v) error = %v, want a ValidationError naming %s", tt.opts, err, tt.field)
		}
	}
}
