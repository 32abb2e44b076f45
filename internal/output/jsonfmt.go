package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// jsonScratch encodes one webhook at a time into a reused buffer, so a list
// is streamed element by element without a rendered copy of the whole.
type jsonScratch struct {
	buf    bytes.Buffer
	enc    *json.Encoder
	prefix string
	indent bool
}

func newJSONScratch(prefix string, indent bool) *jsonScratch {
	s := &jsonScratch{prefix: prefix, indent: indent}
	s.enc = json.NewEncoder(&s.buf)
	s.enc.SetEscapeHTML(false)
	if indent {
		s.enc.SetIndent(prefix, "  ")
	}
	return s
}

// webhook returns the JSON form of w (its Raw JSON when raw is set and w has
// one, else the common model), without a trailing newline. The bytes are
// valid until the next call.
func (s *jsonScratch) webhook(w *webhook.Webhook, raw bool) ([]byte, error) {
	s.buf.Reset()
	var err error
	switch {
	case raw && len(w.Raw) > 0 && s.indent:
		err = json.Indent(&s.buf, w.Raw, s.prefix, "  ")
	case raw && len(w.Raw) > 0:
		err = json.Compact(&s.buf, w.Raw)
	default:
		err = s.enc.Encode(w)
	}
	if err != nil {
		return nil, fmt.Errorf("encoding webhook %s as JSON: %w", w.ID, err)
	}
	return webhook.SafeJSON(bytes.TrimRight(s.buf.Bytes(), "\n")), nil
}

// jsonWebhooks prints ws as an indented JSON array, one element at a time.
func (p *Printer) jsonWebhooks(ws []webhook.Webhook) error {
	bw := bufio.NewWriter(p.w)
	if len(ws) == 0 {
		bw.WriteString("[]\n")
		return bw.Flush()
	}
	s := newJSONScratch("  ", true)
	bw.WriteString("[\n")
	for i := range ws {
		b, err := s.webhook(&ws[i], p.opts.Raw)
		if err != nil {
			return err
		}
		if i > 0 {
			bw.WriteString(",\n")
		}
		bw.WriteString("  ")
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

// jsonOne prints w as an indented JSON object.
func (p *Printer) jsonOne(w *webhook.Webhook) error {
	b, err := newJSONScratch("", true).webhook(w, p.opts.Raw)
	if err != nil {
		return err
	}
	_, err = p.w.Write(append(b, '\n'))
	return err
}

// jsonlWebhooks prints one compact JSON object a line.
func (p *Printer) jsonlWebhooks(ws []webhook.Webhook) error {
	bw := bufio.NewWriter(p.w)
	s := newJSONScratch("", false)
	for i := range ws {
		b, err := s.webhook(&ws[i], p.opts.Raw)
		if err != nil {
			return err
		}
		bw.Write(b)
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// jsonValue prints v as JSON, indented or compact, on its own line(s).
func (p *Printer) jsonValue(v any, indent bool) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := p.w.Write(webhook.SafeJSON(buf.Bytes()))
	return err
}

// jsonlValue prints v as compact JSON: an array one element a line, anything
// else on one line.
func (p *Printer) jsonlValue(v any) error {
	b, err := marshal(v)
	if err != nil {
		return err
	}
	if len(b) == 0 || b[0] != '[' {
		_, err = p.w.Write(append(b, '\n'))
		return err
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(b, &elems); err != nil {
		return err
	}
	bw := bufio.NewWriter(p.w)
	var line bytes.Buffer
	for _, e := range elems {
		line.Reset()
		if err := json.Compact(&line, e); err != nil {
			return err
		}
		line.WriteByte('\n')
		if _, err := bw.Write(line.Bytes()); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// marshal is compact JSON without HTML escaping, so URLs keep their '&',
// made safe for a terminal (webhook.SafeJSON).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return webhook.SafeJSON(bytes.TrimRight(buf.Bytes(), "\n")), nil
}

// toGeneric turns v into its JSON form as plain data (map[string]any, []any,
// string, json.Number, bool, nil), for --jq and --template.
func toGeneric(v any) (any, error) {
	b, ok := v.(json.RawMessage)
	if !ok {
		var err error
		if b, err = marshal(v); err != nil {
			return nil, err
		}
	}
	return decodeGeneric(b)
}

func decodeGeneric(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("decoding JSON: %w", err)
	}
	return out, nil
}

// webhookGeneric is the JSON form of w as plain data.
func (p *Printer) webhookGeneric(w *webhook.Webhook) (any, error) {
	if p.opts.Raw && len(w.Raw) > 0 {
		v, err := decodeGeneric(w.Raw)
		if err != nil {
			return nil, fmt.Errorf("webhook %s: raw JSON: %w", w.ID, err)
		}
		return v, nil
	}
	return toGeneric(w)
}

// listGeneric is the JSON form of ws as plain data.
func (p *Printer) listGeneric(ws []webhook.Webhook) (any, error) {
	out := make([]any, len(ws))
	for i := range ws {
		v, err := p.webhookGeneric(&ws[i])
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
