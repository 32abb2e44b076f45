package output

import (
	"strconv"
	"strings"
)

// StatusRecords is Records for results with an HTTP status column (the
// index statusCol in headers): on a terminal with colour, the status is
// green for 2xx, yellow for 3xx and red for 4xx, 5xx or no answer.
func (p *Printer) StatusRecords(headers []string, rows [][]string, data any, statusCol int) error {
	if p.jq != nil || p.tmpl != nil || p.opts.Quiet || p.opts.Format != Table || len(rows) == 0 {
		return p.Records(headers, rows, data)
	}
	return p.table(upperAll(headers), rows, -1, statusCol)
}

// statusCode is the HTTP status a cell starts with ("200", "404 Not
// Found"), 0 for a cell saying there was no answer ("-", "error…"), or -1
// for anything else.
func statusCode(cell string) int {
	f := strings.Fields(cell)
	if len(f) == 0 || f[0] == "-" || strings.HasPrefix(f[0], "error") {
		return 0
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n < 0 || n > 999 {
		return -1
	}
	return n
}

// Status paints an HTTP status: green for 2xx, yellow for 3xx, red for
// 4xx, 5xx and none (0).
func (p Palette) Status(code int, s string) string {
	switch {
	case code >= 200 && code < 300:
		return p.Good(s)
	case code >= 300 && code < 400:
		return p.Warn(s)
	}
	return p.Bad(s)
}
