package output

import (
	"encoding/csv"
	"strings"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// csvWebhooks prints a header row of column names, then one record per webhook.
func (p *Printer) csvWebhooks(ws []webhook.Webhook, cols []column) error {
	cw := csv.NewWriter(p.w)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for i := range ws {
		for j, c := range cols {
			rec[j] = csvCell(cellText(&ws[i], c.kind))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRecords prints headers, then rows. Headers are lower case in every
// CSV, as the webhook columns are (a table's upper-case headers are for
// reading, a CSV's are for scripts).
func (p *Printer) csvRecords(headers []string, rows [][]string) error {
	cw := csv.NewWriter(p.w)
	lower := make([]string, len(headers))
	for i, h := range headers {
		lower[i] = strings.ToLower(h)
	}
	if err := cw.Write(lower); err != nil {
		return err
	}
	rec := []string{}
	for _, r := range rows {
		rec = rec[:0]
		for _, cell := range r {
			rec = append(rec, csvCell(cell))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvCell makes one cell safe for a terminal and a spreadsheet: control
// characters escaped (webhook.Escape), and a cell that starts with =, +, -,
// @, tab or carriage return prefixed with ' so that a spreadsheet does not
// run it as a formula (OWASP's CSV-injection rule).
func csvCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + webhook.Escape(s)
	}
	return webhook.Escape(s)
}
