package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// DeliveryHeaders are the columns of a delivery log (deliveries ID) and of
// one delivery in tsv and csv; DeliveryStatusCol is the status code's.
var DeliveryHeaders = []string{"ID", "EVENT", "CODE", "STATUS", "DURATION", "DELIVERED", "REDELIVERY", "GUID"}

// DeliveryStatusCol is the index of CODE in DeliveryHeaders.
const DeliveryStatusCol = 2

// DeliveryRow is a delivery as a row of DeliveryHeaders.
func DeliveryRow(d webhook.Delivery) []string {
	event := d.Event
	if d.Action != "" {
		event += "." + d.Action
	}
	code := "-"
	if d.StatusCode > 0 {
		code = strconv.Itoa(d.StatusCode)
	}
	when := ""
	if !d.DeliveredAt.IsZero() {
		when = d.DeliveredAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	redelivery := "false"
	if d.Redelivery {
		redelivery = "true"
	}
	return []string{d.ID, event, code, d.Status, d.Duration.String(), when, redelivery, d.GUID}
}

// Delivery prints one delivery with its request and response: on a
// terminal (table) a vertical view with headers and bodies, the status
// coloured; in tsv and csv its row; in json, yaml, --jq and --template the
// delivery (its backend JSON with Raw).
func (p *Printer) Delivery(d webhook.Delivery) error {
	var data any = d
	if p.opts.Raw && len(d.Raw) > 0 {
		data = d.Raw
	}
	if p.jq != nil || p.tmpl != nil || p.opts.Quiet || p.opts.Format != Table {
		return p.Records(DeliveryHeaders, [][]string{DeliveryRow(d)}, data)
	}
	row := DeliveryRow(d)
	bw := bufio.NewWriter(p.w)
	pal := NewPalette(p.opts.Color)
	label := func(s string) string { return pal.Bold(strings.ToUpper(s) + ":") }
	for i, h := range DeliveryHeaders {
		v := escapeText(row[i])
		if i == DeliveryStatusCol {
			if code := statusCode(row[i]); code >= 0 {
				v = pal.Status(code, v)
			}
		}
		bw.WriteString(label(h) + strings.Repeat(" ", 12-len(h)) + v + "\n")
	}
	for _, m := range []struct {
		name string
		msg  *webhook.DeliveryMessage
	}{{"request", d.Request}, {"response", d.Response}} {
		if m.msg == nil {
			continue
		}
		bw.WriteString("\n" + label(m.name+" headers") + "\n")
		keys := make([]string, 0, len(m.msg.Headers))
		for k := range m.msg.Headers {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, v := range m.msg.Headers[k] {
				bw.WriteString("  " + escapeText(k) + ": " + escapeText(v) + "\n")
			}
		}
		bw.WriteString(label(m.name+" body") + "\n")
		writeBody(bw, m.msg.Body)
	}
	return bw.Flush()
}

// writeBody writes a body indented: JSON pretty-printed, text line by
// line, each line escaped.
func writeBody(bw *bufio.Writer, body json.RawMessage) {
	if t := bytes.TrimSpace(body); len(t) == 0 || string(t) == `""` || string(t) == "null" {
		bw.WriteString("  (empty)\n")
		return
	}
	var buf bytes.Buffer
	text := string(body)
	if json.Indent(&buf, body, "", "  ") == nil {
		text = buf.String()
	} else {
		var s string
		if json.Unmarshal(body, &s) == nil {
			text = s
		}
	}
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		bw.WriteString("  " + escapeText(strings.TrimRight(line, "\r")) + "\n")
	}
}
