package output

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/template"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// templateFuncs are the helpers --template offers besides text/template's own.
var templateFuncs = template.FuncMap{
	// join SEP LIST joins the items of a list, e.g. {{join "," .events}}.
	"join": func(sep string, list any) (string, error) {
		items, err := listOf(list)
		if err != nil {
			return "", err
		}
		parts := make([]string, len(items))
		for i, it := range items {
			parts[i] = webhook.Text(it)
		}
		return strings.Join(parts, sep), nil
	},
	// json VALUE is the value as compact JSON.
	"json": func(v any) (string, error) {
		b, err := marshal(v)
		return string(b), err
	},
	// upper and lower change a string's case.
	"upper": strings.ToUpper,
	"lower": strings.ToLower,
	// truncate N S cuts S to N characters, ending with "…" when cut.
	"truncate": func(n int, s string) string { return truncate(s, n) },
	// pluck FIELD LIST is the field of each object in the list.
	"pluck": func(field string, list any) ([]any, error) {
		items, err := listOf(list)
		if err != nil {
			return nil, err
		}
		out := make([]any, 0, len(items))
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				out = append(out, m[field])
			}
		}
		return out, nil
	},
}

// listOf accepts the lists a template sees: []any from the JSON form, or []string.
func listOf(v any) ([]any, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []any:
		return v, nil
	case []string:
		out := make([]any, len(v))
		for i, s := range v {
			out[i] = s
		}
		return out, nil
	}
	kind := "a value"
	switch v.(type) {
	case string:
		kind = "a string"
	case map[string]any:
		kind = "an object"
	case bool:
		kind = "true or false"
	case json.Number, float64, int:
		kind = "a number"
	}
	return nil, fmt.Errorf("want a list, got %s", kind)
}

// compileTemplate parses a --template. Errors name the flag.
func compileTemplate(text string) (*template.Template, error) {
	t, err := template.New("--template").Funcs(templateFuncs).Parse(text)
	if err != nil {
		return nil, webhook.Invalid("--template", "%s", plainTemplateError(err))
	}
	return t, nil
}

// templateBuffer is how much of a --template's output is held before it
// is written: an output this size or smaller is written whole or, when the
// run is interrupted or fails, not at all; a larger one streams on in
// pieces this size, so memory stays bounded.
const templateBuffer = 4 << 20

// runTemplate executes the template once over v, the JSON form, under the
// printer's context: text/template cannot be stopped, so it runs on its own
// goroutine, which is abandoned when the context ends (Ctrl-C); its writer
// then refuses every further write, so nothing more reaches the output.
func (p *Printer) runTemplate(v any) error {
	ctx := p.opts.Context
	out := &ctxWriter{ctx: ctx, w: p.w, limit: templateBuffer}
	done := make(chan error, 1)
	go func() { done <- p.tmpl.Execute(out, escapeStrings(v)) }()
	select {
	case err := <-done:
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("--template: %s", plainTemplateError(err))
		}
		return out.flush()
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ctxWriter buffers writes up to limit bytes, then passes them on to w in
// pieces; every write fails once ctx has ended.
type ctxWriter struct {
	ctx   context.Context
	w     io.Writer
	buf   []byte
	limit int
}

func (c *ctxWriter) Write(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	c.buf = append(c.buf, b...)
	if len(c.buf) >= c.limit {
		if err := c.flush(); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

func (c *ctxWriter) flush() error {
	if err := c.ctx.Err(); err != nil {
		return err
	}
	_, err := c.w.Write(c.buf)
	c.buf = c.buf[:0]
	return err
}

// escapeStrings returns the JSON form v with every string (keys too) escaped
// as by webhook.Escape, so that what a template prints from the backend
// cannot drive a terminal; the template's own text is left as written.
func escapeStrings(v any) any {
	switch v := v.(type) {
	case string:
		return webhook.Escape(v)
	case []any:
		for i := range v {
			v[i] = escapeStrings(v[i])
		}
		return v
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[webhook.Escape(k)] = escapeStrings(e)
		}
		return out
	}
	return v
}

// templateErrorRE splits text/template's error text: position, the action
// being executed, and the reason.
var templateErrorRE = regexp.MustCompile(`^template: --template:(\d+)(?::(\d+))?: (?:executing "--template" at <(.*?)>: )?(.*)$`)

// goTypeWords replaces Go type names in a template's error with the JSON
// words a user knows (never a Go type name).
var goTypeWords = strings.NewReplacer(
	"type []interface {}", "a list",
	"type map[string]interface {}", "an object",
	"type interface {}", "a value that is not an object",
	"type json.Number", "a number",
	"type string", "a string",
	"type bool", "true or false",
	"type float64", "a number",
	"type int", "a number",
	"[]interface {}", "list",
	"map[string]interface {}", "object",
	"interface {}", "value",
	"json.Number", "number",
)

// plainTemplateError is a --template error in plain words: where in the
// template (line, column, action) and why, without Go's type names, with a
// hint for the commonest slip (a field of a list).
func plainTemplateError(err error) string {
	msg := err.Error()
	m := templateErrorRE.FindStringSubmatch(msg)
	if m == nil {
		return goTypeWords.Replace(msg)
	}
	line, col, action, why := m[1], m[2], m[3], m[4]
	if f := listFieldRE.FindStringSubmatch(why); f != nil {
		why = fmt.Sprintf("the data is a list, which has no field %s: use {{range .}}{{.%s}}{{end}}", f[1], f[1])
	} else {
		why = goTypeWords.Replace(why)
	}
	where := "line " + line
	if col != "" {
		where += ", column " + col
	}
	if action != "" {
		return fmt.Sprintf("%s (at %s, %s)", why, action, where)
	}
	return fmt.Sprintf("%s (at %s)", why, where)
}

var listFieldRE = regexp.MustCompile(`^can't evaluate field (\S+) in type \[\]interface \{\}$`)
