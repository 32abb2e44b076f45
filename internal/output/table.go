package output

import (
	"bytes"

	"github.com/mattn/go-runewidth"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

const (
	// columnGap is the space between table columns, as kubectl prints.
	columnGap = "   "
	// minShrunk is the narrowest a long column is cut to when fitting a width.
	minShrunk = 10
)

// table prints headers and rows as a borderless, left-aligned table in the
// manner of kubectl and gh. Cells are folded onto one line with control
// characters escaped; when Width is known, the widest columns other than the
// first (the id) are cut with "…" until the table fits. boolCol is the index
// of a true/false column to colour, or -1.
//
// statusCol, when given, is the index of an HTTP status column, coloured
// by Palette.Status.
func (p *Printer) table(headers []string, rows [][]string, boolCol int, statusCol ...int) error {
	cells := make([][]string, len(rows))
	widths := make([]int, len(headers))
	for i, h := range headers {
		widths[i] = twwidth.Width(h)
	}
	for i, r := range rows {
		cells[i] = make([]string, len(headers))
		for j := range headers {
			if j < len(r) {
				cells[i][j] = escapeText(r[j])
				widths[j] = max(widths[j], twwidth.Width(cells[i][j]))
			}
		}
	}
	if p.opts.Width > 0 {
		limits := fitWidths(widths, headers, p.opts.Width)
		for _, r := range cells {
			for j, c := range r {
				if limits[j] < widths[j] {
					r[j] = truncate(c, limits[j])
				}
			}
		}
	}
	pal := NewPalette(p.opts.Color)
	hdr := make([]any, len(headers))
	for i, h := range headers {
		hdr[i] = pal.Bold(h)
	}
	if p.opts.Color && boolCol >= 0 {
		for _, r := range cells {
			switch r[boolCol] {
			case "true":
				r[boolCol] = pal.Good("true")
			case "false":
				r[boolCol] = pal.Bad("false")
			}
		}
	}
	for _, c := range statusCol {
		for _, r := range cells {
			if code := statusCode(r[c]); code >= 0 {
				r[c] = pal.Status(code, r[c])
			}
		}
	}

	var buf bytes.Buffer
	t := newTable(&buf)
	t.Header(hdr...)
	if err := t.Bulk(cells); err != nil {
		return err
	}
	if err := t.Render(); err != nil {
		return err
	}
	_, err := p.w.Write(trimLines(buf.Bytes()))
	return err
}

// newTable is a tablewriter table with no borders, no rules and no column
// separators, left-aligned, cells kept verbatim.
func newTable(buf *bytes.Buffer) *tablewriter.Table {
	off := tw.Off
	cell := tw.CellConfig{
		Formatting: tw.CellFormatting{AutoWrap: tw.WrapNone, AutoFormat: off},
		Alignment:  tw.CellAlignment{Global: tw.AlignLeft},
		Padding:    tw.CellPadding{Global: tw.Padding{Left: "", Right: columnGap, Overwrite: true}},
	}
	return tablewriter.NewTable(buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Symbols: tw.NewSymbols(tw.StyleNone),
			Settings: tw.Settings{
				Separators: tw.Separators{ShowHeader: off, ShowFooter: off, BetweenRows: off, BetweenColumns: off},
				Lines:      tw.Lines{ShowTop: off, ShowBottom: off, ShowHeaderLine: off, ShowFooterLine: off},
			},
		})),
		tablewriter.WithConfig(tablewriter.Config{
			Header:   cell,
			Row:      cell,
			Behavior: tw.Behavior{TrimSpace: off},
		}),
	)
}

// fitWidths returns the width each column may take so that the table fits
// in total columns: the widest columns after the first shrink one step at a
// time, none below its header or minShrunk. It may still overflow when even
// that is too wide.
func fitWidths(widths []int, headers []string, total int) []int {
	limits := append([]int(nil), widths...)
	floor := make([]int, len(widths))
	sum := len(columnGap) * (len(widths) - 1)
	for i, w := range widths {
		floor[i] = min(w, max(twwidth.Width(headers[i]), minShrunk))
		sum += w
	}
	for sum > total {
		widest := -1
		for i := 1; i < len(limits); i++ {
			if limits[i] > floor[i] && (widest < 0 || limits[i] > limits[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		limits[widest]--
		sum--
	}
	return limits
}

// truncate cuts s to at most n display columns, ending with "…" when cut.
func truncate(s string, n int) string {
	if runewidth.StringWidth(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	w := 0
	for i, r := range s {
		rw := runewidth.RuneWidth(r)
		if w+rw > n-1 {
			return s[:i] + "…"
		}
		w += rw
	}
	return s
}

// trimLines drops the padding tablewriter leaves at the end of each line.
func trimLines(b []byte) []byte {
	lines := bytes.SplitAfter(b, []byte("\n"))
	out := b[:0:0]
	for _, l := range lines {
		if len(l) == 0 {
			continue
		}
		l = bytes.TrimRight(l, " \n")
		reset := false
		for bytes.HasSuffix(l, []byte(sgrReset)) {
			l = bytes.TrimRight(l[:len(l)-len(sgrReset)], " ")
			reset = true
		}
		out = append(out, l...)
		if reset {
			out = append(out, sgrReset...)
		}
		out = append(out, '\n')
	}
	return out
}
