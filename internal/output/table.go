package output

import (
	"bufio"
	"bytes"
	"io"
	"slices"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

const (
	// columnGap is the space between table columns, as kubectl prints.
	columnGap = "   "
	// minShrunk is the narrowest a long column is cut to when fitting a width.
	minShrunk = 10
)

// tableSample is how many rows size a table's columns: a longer table
// streams, its later rows cut to those widths on a terminal, so a
// million-row table takes neither minutes nor a copy of itself in memory.
const tableSample = 1000

// table prints headers and rows as a borderless, left-aligned table in the
// manner of kubectl and gh (see tableFrom).
func (p *Printer) table(headers []string, rows [][]string, boolCol int, statusCol ...int) error {
	return p.tableFrom(headers, nil, len(rows), func(i int, _ []string) []string { return rows[i] }, boolCol, statusCol...)
}

// tableFrom prints n rows, row(i, scratch) giving row i's plain cells, as a
// borderless, left-aligned table streamed through tablewriter. Cells are
// folded onto one line with control characters escaped. Columns are as wide
// as their header and widest cell among the first tableSample rows. When
// Width is known, columns shrink until the table fits: by shrink's order
// (a column's number; 0 never shrinks; lower numbers first, down to their
// header's width or minShrunk, the widest first among equals), cut with
// "…". A nil shrink keeps the first column (the id) whole and shrinks the
// others widest first. Headers are never cut. boolCol is the index of a
// true/false column to colour, or -1; statusCol, when given, the index of
// an HTTP status column, coloured by Palette.Status.
func (p *Printer) tableFrom(headers []string, shrink []int, n int, row func(int, []string) []string, boolCol int, statusCol ...int) error {
	ncol := len(headers)
	if shrink == nil {
		shrink = make([]int, ncol)
		for i := 1; i < ncol; i++ {
			shrink[i] = 1
		}
	}
	widths := make([]int, ncol)
	for i, h := range headers {
		widths[i] = runewidth.StringWidth(h)
	}
	scratch := make([]string, ncol)
	for i := 0; i < min(n, tableSample); i++ {
		r := row(i, scratch)
		for j := 0; j < ncol && j < len(r); j++ {
			widths[j] = max(widths[j], runewidth.StringWidth(escapeText(r[j])))
		}
	}
	limits := widths
	if p.opts.Width > 0 {
		limits = fitWidths(widths, headers, shrink, p.opts.Width)
	}
	pal := NewPalette(p.opts.Color)
	out := &lineTrimmer{w: bufio.NewWriterSize(p.w, 64<<10)}
	t := newTable(out, limits)
	if err := t.Start(); err != nil {
		return err
	}
	hdr := make([]string, ncol)
	for i, h := range headers {
		hdr[i] = pal.Bold(h) + strings.Repeat(" ", max(0, limits[i]-runewidth.StringWidth(h)))
	}
	t.Header(hdr)
	cells := make([]string, ncol)
	for i := 0; i < n; i++ {
		r := row(i, scratch)
		for j := range cells {
			c := ""
			if j < len(r) {
				c = escapeText(r[j])
			}
			if runewidth.StringWidth(c) > limits[j] && (p.opts.Width > 0 || limits[j] < widths[j]) {
				c = truncate(c, limits[j])
			}
			spaces := strings.Repeat(" ", max(0, limits[j]-runewidth.StringWidth(c)))
			switch {
			case j == boolCol && p.opts.Color && c == "true":
				c = pal.Good(c)
			case j == boolCol && p.opts.Color && c == "false":
				c = pal.Bad(c)
			case slices.Contains(statusCol, j):
				if code := statusCode(c); code >= 0 {
					c = pal.Status(code, c)
				}
			}
			cells[j] = c + spaces // colour around the text, not its padding
		}
		if err := t.Append(cells); err != nil {
			return err
		}
	}
	if err := t.Close(); err != nil {
		return err
	}
	return out.flush()
}

// lineTrimmer drops the padding at the end of each line on its way to w
// (colour resets are kept, after the text).
type lineTrimmer struct {
	w    *bufio.Writer
	line []byte
}

func (l *lineTrimmer) Write(b []byte) (int, error) {
	for _, c := range b {
		if c != '\n' {
			l.line = append(l.line, c)
			continue
		}
		l.w.Write(trimLine(l.line))
		l.w.WriteByte('\n')
		l.line = l.line[:0]
	}
	return len(b), nil
}

func (l *lineTrimmer) flush() error {
	if len(l.line) > 0 {
		l.w.Write(trimLine(l.line))
	}
	return l.w.Flush()
}

// newTable is a streaming tablewriter table with no borders, no rules and
// no column separators, left-aligned, cells kept verbatim (already cut and
// padded to widths), columns set apart by columnGap.
func newTable(w io.Writer, widths []int) *tablewriter.Table {
	off := tw.Off
	cell := tw.CellConfig{
		Formatting: tw.CellFormatting{AutoWrap: tw.WrapNone, AutoFormat: off},
		Alignment:  tw.CellAlignment{Global: tw.AlignLeft},
		Padding:    tw.CellPadding{Global: tw.Padding{Left: "", Right: columnGap, Overwrite: true}},
	}
	per := tw.NewMapper[int, int]()
	for i, n := range widths {
		per.Set(i, n+len(columnGap))
	}
	return tablewriter.NewTable(w,
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
			Widths:   tw.CellWidth{PerColumn: per},
		}),
		tablewriter.WithStreaming(tw.StreamConfig{Enable: true}),
	)
}

// fitWidths returns the width each column may take so that the table fits
// in total columns: by shrink's order (see tableFrom), one step at a time,
// none below its header or minShrunk. It may still overflow when even that
// is too wide.
func fitWidths(widths []int, headers []string, shrink []int, total int) []int {
	limits := append([]int(nil), widths...)
	floor := make([]int, len(widths))
	sum := len(columnGap) * (len(widths) - 1)
	for i, w := range widths {
		floor[i] = min(w, max(runewidth.StringWidth(headers[i]), minShrunk))
		sum += w
	}
	for sum > total {
		next := -1
		for i := range limits {
			if shrink[i] == 0 || limits[i] <= floor[i] {
				continue
			}
			if next < 0 || shrink[i] < shrink[next] || (shrink[i] == shrink[next] && limits[i] > limits[next]) {
				next = i
			}
		}
		if next < 0 {
			break
		}
		limits[next]--
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

// trimLine drops the padding at the end of a line, keeping a trailing
// colour reset after the text.
func trimLine(l []byte) []byte {
	l = bytes.TrimRight(l, " ")
	reset := false
	for bytes.HasSuffix(l, []byte(sgrReset)) {
		l = bytes.TrimRight(l[:len(l)-len(sgrReset)], " ")
		reset = true
	}
	if reset {
		l = append(l, sgrReset...)
	}
	return l
}
