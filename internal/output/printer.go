package output

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"text/template"

	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/itchyny/gojq"
)

// Options says how a Printer prints. The caller resolves every terminal
// question (format default, colour, width) before building it.
type Options struct {
	// Format is the -o format, already resolved by the caller: table on a
	// terminal, tsv in a pipe. Empty means tsv.
	Format Format
	// JQ is a --jq expression evaluated over the JSON form. Strings it yields
	// print raw, one a line (as gh --jq does); other values print as compact
	// JSON, one a line. It overrides Format.
	JQ string
	// Template is a --template in Go text/template syntax, executed once over
	// the JSON form decoded as map[string]any / []any, so {{.url}} works. It
	// overrides Format.
	Template string
	// Raw makes the JSON form the backend's own JSON (Webhook.Raw) instead of
	// the common model. Table, tsv and csv still show the common columns.
	Raw bool
	// Quiet prints ids only, one a line (for Records: the first column).
	Quiet bool
	// Color allows ANSI colour in tables. The caller decides (a terminal and
	// no NO_COLOR).
	Color bool
	// Columns are the common field names shown as table, tsv and csv columns,
	// usually the dialect's Schema.FieldNames(). Nil means id and url. The id
	// column always comes first.
	Columns []string
	// Width is the terminal width a table must fit; long cells are cut with
	// "…" (ids never are). Zero means unknown: no truncation.
	Width int
	// Context, if set, stops a running --jq expression or --template when
	// it ends (Ctrl-C): the filter returns the context's error promptly.
	// Nil means context.Background().
	Context context.Context
}

// Printer prints command results to one writer in the format of its Options.
// It is not safe for concurrent use.
type Printer struct {
	w    io.Writer
	opts Options
	cols []column
	jq   *gojq.Code
	tmpl *template.Template
}

// New returns a Printer writing to w. It compiles --jq and --template up
// front, so a bad expression, a bad format or a bad column is reported as a
// *webhook.ValidationError naming the flag before any request is sent.
func New(w io.Writer, opts Options) (*Printer, error) {
	if opts.Format == "" {
		opts.Format = TSV
	}
	f, err := ParseFormat(string(opts.Format))
	if err != nil {
		return nil, err
	}
	opts.Format = f
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	switch {
	case opts.JQ != "" && opts.Template != "":
		return nil, webhook.Invalid("--jq", "cannot be used with --template")
	case opts.Quiet && opts.JQ != "":
		return nil, webhook.Invalid("--jq", "cannot be used with --quiet")
	case opts.Quiet && opts.Template != "":
		return nil, webhook.Invalid("--template", "cannot be used with --quiet")
	}
	p := &Printer{w: w, opts: opts}
	if p.cols, err = parseColumns(opts.Columns); err != nil {
		return nil, err
	}
	if opts.JQ != "" {
		if p.jq, err = compileJQ(opts.JQ); err != nil {
			return nil, err
		}
	}
	if opts.Template != "" {
		if p.tmpl, err = compileTemplate(opts.Template); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// List prints a list of webhooks: a JSON array, a YAML sequence, or one row
// per webhook. An empty table prints nothing; the caller says so on stderr.
func (p *Printer) List(ws []webhook.Webhook) error {
	switch {
	case p.jq != nil || p.tmpl != nil:
		v, err := p.listGeneric(ws)
		if err != nil {
			return err
		}
		return p.filter(v)
	case p.opts.Quiet:
		return p.ids(ws)
	}
	switch p.opts.Format {
	case Table:
		if len(ws) == 0 {
			return nil
		}
		return p.webhookTable(ws, p.cols)
	case CSV:
		return p.csvWebhooks(ws, p.cols)
	case JSON:
		return p.jsonWebhooks(ws)
	case JSONL:
		return p.jsonlWebhooks(ws)
	case YAML:
		return p.yamlWebhooks(ws, true)
	}
	return p.tsvWebhooks(ws, p.cols)
}

// One prints a single webhook (get, create, update, set-field): a JSON
// object, a YAML mapping, or its one row, id first. With Quiet it prints the
// id alone. A token (Entrust's create) gets a column of its own, since it is
// shown only once.
func (p *Printer) One(w webhook.Webhook) error {
	switch {
	case p.jq != nil || p.tmpl != nil:
		v, err := p.webhookGeneric(&w)
		if err != nil {
			return err
		}
		return p.filter(v)
	case p.opts.Quiet:
		return p.ids([]webhook.Webhook{w})
	}
	cols := p.cols
	if w.Secret != "" && !hasColumn(cols, colSecret) {
		cols = append(cols[:len(cols):len(cols)], column{name: "secret", kind: colSecret})
	}
	ws := []webhook.Webhook{w}
	switch p.opts.Format {
	case Table:
		return p.vertical(&w, cols)
	case CSV:
		return p.csvWebhooks(ws, cols)
	case JSON:
		return p.jsonOne(&w)
	case JSONL:
		return p.jsonlWebhooks(ws)
	case YAML:
		return p.yamlWebhooks(ws, false)
	}
	return p.tsvWebhooks(ws, cols)
}

// Value prints one field's value (`get ID FIELD`): bare, strings unquoted,
// lists comma-separated, escaped onto one line as TSV is. In json, jsonl and yaml it prints the value in that format. v is a Go value (as from Webhook.Value) or a
// json.RawMessage (as from a FieldGetter).
func (p *Printer) Value(v any) error {
	if p.jq != nil || p.tmpl != nil {
		g, err := toGeneric(v)
		if err != nil {
			return err
		}
		return p.filter(g)
	}
	if !p.opts.Quiet {
		switch p.opts.Format {
		case JSON:
			return p.jsonValue(v, true)
		case JSONL:
			return p.jsonValue(v, false)
		case YAML:
			return p.yamlValue(v)
		}
	}
	var s string
	if raw, ok := v.(json.RawMessage); ok {
		s = webhook.RawText(raw)
	} else {
		s = webhook.Text(v)
	}
	s = escapeText(s) // one line, no control characters, in every format
	_, err := io.WriteString(p.w, s+"\n")
	return err
}

// Records prints any other tabular result (profile list, test result, diff
// summary). Table, tsv and csv print headers and rows (tsv without the
// headers); json, jsonl, yaml, --jq and --template print data instead. With
// Quiet it prints the first column of each row.
func (p *Printer) Records(headers []string, rows [][]string, data any) error {
	if p.jq != nil || p.tmpl != nil {
		g, err := toGeneric(data)
		if err != nil {
			return err
		}
		return p.filter(g)
	}
	if p.opts.Quiet {
		bw := bufio.NewWriter(p.w)
		for _, r := range rows {
			if len(r) > 0 {
				writeEscaped(bw, r[0])
			}
			bw.WriteByte('\n')
		}
		return bw.Flush()
	}
	switch p.opts.Format {
	case Table:
		if len(rows) == 0 {
			return nil
		}
		return p.table(upperAll(headers), rows, -1)
	case CSV:
		return p.csvRecords(headers, rows)
	case JSON:
		return p.jsonValue(data, true)
	case JSONL:
		return p.jsonlValue(data)
	case YAML:
		return p.yamlValue(data)
	}
	return p.tsvRecords(rows)
}

// filter runs --jq or --template over the JSON form v.
func (p *Printer) filter(v any) error {
	if p.jq != nil {
		return p.runJQ(v)
	}
	return p.runTemplate(v)
}

// ids prints the ids of ws, one a line.
func (p *Printer) ids(ws []webhook.Webhook) error {
	bw := bufio.NewWriter(p.w)
	for i := range ws {
		writeEscaped(bw, ws[i].ID)
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
	}
	return bw.Flush()
}
