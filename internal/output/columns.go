package output

import (
	"bufio"
	"strconv"
	"strings"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// colKind is a common-model field shown as a column.
type colKind uint8

const (
	colID colKind = iota
	colURL
	colDescription
	colModel
	colEvents
	colActive
	colFailures
	colLastStatus
	colSecret
)

var colKinds = map[string]colKind{
	webhook.FieldID:          colID,
	webhook.FieldURL:         colURL,
	webhook.FieldDescription: colDescription,
	webhook.FieldModel:       colModel,
	webhook.FieldEvents:      colEvents,
	webhook.FieldActive:      colActive,
	webhook.FieldFailures:    colFailures,
	webhook.FieldLastStatus:  colLastStatus,
	"secret":                 colSecret,
	"token":                  colSecret,
}

// column is one column of a webhook table, tsv or csv.
type column struct {
	name string
	kind colKind
}

// parseColumns checks the column names, drops duplicates and puts id first.
func parseColumns(names []string) ([]column, error) {
	if len(names) == 0 {
		names = []string{webhook.FieldID, webhook.FieldURL}
	}
	cols := []column{{name: webhook.FieldID, kind: colID}}
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		k, ok := colKinds[n]
		if !ok {
			return nil, webhook.Invalid("--columns", "unknown column %q", n)
		}
		if !hasColumn(cols, k) {
			cols = append(cols, column{name: n, kind: k})
		}
	}
	return cols, nil
}

// activeColumn is the index of the active column in cols, or -1.
func activeColumn(cols []column) int {
	for i, c := range cols {
		if c.kind == colActive {
			return i
		}
	}
	return -1
}

func hasColumn(cols []column, k colKind) bool {
	for _, c := range cols {
		if c.kind == k {
			return true
		}
	}
	return false
}

// cellText is the plain text of w's field k: lists comma-joined, a missing
// optional value empty.
func cellText(w *webhook.Webhook, k colKind) string {
	switch k {
	case colID:
		return w.ID
	case colURL:
		return w.URL
	case colDescription:
		if w.Description != nil {
			return *w.Description
		}
		return ""
	case colModel:
		if w.Model != nil {
			return *w.Model
		}
		return ""
	case colEvents:
		return strings.Join(w.Events, ",")
	case colActive:
		if w.Active == nil {
			return ""
		}
		return strconv.FormatBool(*w.Active)
	case colFailures:
		if w.Failures == nil {
			return ""
		}
		return strconv.Itoa(*w.Failures)
	case colLastStatus:
		if w.LastStatus == nil {
			return ""
		}
		return *w.LastStatus
	case colSecret:
		return w.Secret
	}
	return ""
}

// webhookHeaders are the table headers of cols, upper case.
func webhookHeaders(cols []column) []string {
	h := make([]string, len(cols))
	for i, c := range cols {
		h[i] = strings.ToUpper(c.name)
	}
	return h
}

// webhookTable prints ws as a table of cols, streaming its rows; the
// columns give way on a narrow terminal by their policies (colPolicy).
func (p *Printer) webhookTable(ws []webhook.Webhook, cols []column) error {
	row := func(i int, r []string) []string {
		for j, c := range cols {
			r[j] = cellText(&ws[i], c.kind)
		}
		return r
	}
	return p.tableFrom(webhookHeaders(cols), len(ws), row, activeColumn(cols))
}

// vertical prints one webhook as KEY: VALUE lines, values aligned and never
// cut: the view `get ID` gives on a terminal.
func (p *Printer) vertical(w *webhook.Webhook, cols []column) error {
	pal := NewPalette(p.opts.Color)
	headers := webhookHeaders(cols)
	width := 0
	for _, h := range headers {
		width = max(width, len(h)+1)
	}
	bw := bufio.NewWriter(p.w)
	for i, c := range cols {
		v := escapeText(cellText(w, c.kind))
		if c.kind == colActive && p.opts.Color {
			switch v {
			case "true":
				v = pal.Good(v)
			case "false":
				v = pal.Bad(v)
			}
		}
		bw.WriteString(pal.Bold(headers[i] + ":"))
		if v != "" {
			bw.WriteString(strings.Repeat(" ", width-len(headers[i])))
			bw.WriteString(v)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func upperAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToUpper(s)
	}
	return out
}
