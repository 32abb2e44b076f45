package output

import (
	"bufio"
	"strconv"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// tsvWebhooks prints one line per webhook: the columns tab-separated, no
// header, nothing truncated, values escaped so that a webhook is one line.
func (p *Printer) tsvWebhooks(ws []webhook.Webhook, cols []column) error {
	bw := bufio.NewWriter(p.w)
	var line []byte
	for i := range ws {
		line = line[:0]
		for j, c := range cols {
			if j > 0 {
				line = append(line, '\t')
			}
			line = appendTSVCell(line, &ws[i], c.kind)
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// appendTSVCell appends the escaped text of w's field k.
func appendTSVCell(dst []byte, w *webhook.Webhook, k colKind) []byte {
	switch k {
	case colID:
		return appendEscaped(dst, w.ID)
	case colURL:
		return appendEscaped(dst, w.URL)
	case colDescription:
		if w.Description != nil {
			dst = appendEscaped(dst, *w.Description)
		}
	case colModel:
		if w.Model != nil {
			dst = appendEscaped(dst, *w.Model)
		}
	case colEvents:
		for i, e := range w.Events {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendEscaped(dst, e)
		}
	case colActive:
		if w.Active != nil {
			dst = strconv.AppendBool(dst, *w.Active)
		}
	case colFailures:
		if w.Failures != nil {
			dst = strconv.AppendInt(dst, int64(*w.Failures), 10)
		}
	case colLastStatus:
		if w.LastStatus != nil {
			dst = appendEscaped(dst, *w.LastStatus)
		}
	case colSecret:
		return appendEscaped(dst, w.Secret)
	}
	return dst
}

// tsvRecords prints rows tab-separated, escaped, without a header.
func (p *Printer) tsvRecords(rows [][]string) error {
	bw := bufio.NewWriter(p.w)
	var line []byte
	for _, r := range rows {
		line = line[:0]
		for j, cell := range r {
			if j > 0 {
				line = append(line, '\t')
			}
			line = appendEscaped(line, cell)
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}
