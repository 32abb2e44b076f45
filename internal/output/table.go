package output

import (
	"bufio"
	"bytes"
	"io"
	"slices"
	"strings"
	"time"

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
	return p.tableFrom(headers, len(rows), func(i int, _ []string) []string { return rows[i] }, boolCol, statusCol...)
}

// tableFrom prints n rows, row(i, scratch) giving row i's plain cells, as a
// borderless, left-aligned table streamed through tablewriter. Cells are
// folded onto one line with control characters escaped. Columns are as wide
// as their header and widest cell among the first tableSample rows. When
// Width is known, the table fits it by the columns' policies (see
// colPolicy, by header): free text is cut first ("…"; a URL in its middle,
// keeping its host and its path's end), then low-value columns are left
// out (MODEL, GUID, REDELIVERY, …), then the rest is cut to minShrunk; an
// id is never cut, and headers never are. A delivery time shows as the
// time since. boolCol is the index of a true/false column to colour, or
// -1; statusCol, when given, the index of an HTTP status column, coloured
// by Palette.Status.
func (p *Printer) tableFrom(headers []string, n int, row func(int, []string) []string, boolCol int, statusCol ...int) error {
	ncol := len(headers)
	pol := policiesOf(headers)
	now := time.Now()
	cellOf := func(r []string, j int) string {
		if j >= len(r) {
			return ""
		}
		c := escapeText(r[j])
		if pol[j].relative && p.opts.Width > 0 {
			c = relativeTime(c, now)
		}
		return c
	}
	widths := make([]int, ncol)
	for i, h := range headers {
		widths[i] = runewidth.StringWidth(h)
	}
	scratch := make([]string, ncol)
	for i := 0; i < min(n, tableSample); i++ {
		r := row(i, scratch)
		for j := 0; j < ncol; j++ {
			widths[j] = max(widths[j], runewidth.StringWidth(cellOf(r, j)))
		}
	}
	limits := widths
	keep := make([]bool, ncol)
	for i := range keep {
		keep[i] = true
	}
	if p.opts.Width > 0 {
		limits, keep = fitColumns(widths, headers, pol, p.opts.Width)
	}
	// The columns shown, by their index in headers.
	var shown []int
	for i := range headers {
		if keep[i] {
			shown = append(shown, i)
		}
	}
	pal := NewPalette(p.opts.Color)
	out := &lineTrimmer{w: bufio.NewWriterSize(p.w, 64<<10)}
	shownLimits := make([]int, len(shown))
	for k, i := range shown {
		shownLimits[k] = limits[i]
	}
	t := newTable(out, shownLimits)
	if err := t.Start(); err != nil {
		return err
	}
	hdr := make([]string, len(shown))
	for k, i := range shown {
		hdr[k] = pal.Bold(headers[i]) + strings.Repeat(" ", max(0, limits[i]-runewidth.StringWidth(headers[i])))
	}
	t.Header(hdr)
	cells := make([]string, len(shown))
	for i := 0; i < n; i++ {
		r := row(i, scratch)
		for k, j := range shown {
			c := cellOf(r, j)
			if runewidth.StringWidth(c) > limits[j] && (p.opts.Width > 0 || limits[j] < widths[j]) {
				if pol[j].middle {
					c = truncateMiddle(c, limits[j])
				} else {
					c = truncate(c, limits[j])
				}
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
			cells[k] = c + spaces // colour around the text, not its padding
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
