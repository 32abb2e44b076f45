package output

import (
	"encoding/csv"

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
			rec[j] = cellText(&ws[i], c.kind)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRecords prints headers, then rows.
func (p *Printer) csvRecords(headers []string, rows [][]string) error {
	cw := csv.NewWriter(p.w)
	if err := cw.Write(headers); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
