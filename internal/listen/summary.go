package listen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ANSI colours of the summary line.
const (
	ansiGreen  = "\x1b[32m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiDim    = "\x1b[2m"
	ansiReset  = "\x1b[0m"
)

// Summary is the delivery as a few readable lines for a terminal: time,
// method, path, event, verification and the status answered, then the
// reason for a failure and the start of the body. width (0: 100) bounds the
// body line; color adds ANSI colour.
func (d *Delivery) Summary(color bool, width int) string {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + ansiReset
	}
	var mark string
	switch d.Verification.Result {
	case Verified:
		mark = paint(ansiGreen, "✓ verified")
		if len(d.Verification.Schemes) > 0 {
			mark += " (" + strings.Join(d.Verification.Schemes, ", ") + ")"
		}
	case Failed:
		mark = paint(ansiRed, "✗ signature failed")
	case Expired:
		mark = paint(ansiRed, "✗ signature expired")
	case Replayed:
		mark = paint(ansiRed, "✗ replayed")
	case NoSecret:
		mark = paint(ansiYellow, "? not verified (no secret)")
	default:
		mark = paint(ansiDim, "– unsigned")
	}
	event := d.Event
	if event == "" {
		event = "-"
	}
	status := fmt.Sprintf("→ %d", d.Status)
	switch {
	case d.ForwardError != "":
		status = paint(ansiRed, fmt.Sprintf("→ %d (forward failed: %s)", d.Status, d.ForwardError))
	case d.Rejected:
		status = paint(ansiRed, fmt.Sprintf("→ %d rejected", d.Status))
	case d.Forwarded:
		status = fmt.Sprintf("→ %d from the app", d.Status)
	}
	if d.Unverified {
		status += paint(ansiYellow, " (accepted unverified)")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s %s  %s  %s  %s\n", d.Time.Format("15:04:05"), d.Method, oneLine(d.Path), oneLine(event), mark, status)
	if d.Verification.Detail != "" && d.Verification.Result != Unsigned {
		fmt.Fprintf(&b, "          %s\n", paint(ansiDim, oneLine(d.Verification.Detail)))
	}
	if preview := bodyPreview(d.Body, width); preview != "" {
		fmt.Fprintf(&b, "          %s\n", paint(ansiDim, preview))
	}
	return b.String()
}

// bodyPreview is the body on one line, compacted when it is JSON, cut to fit
// width (0 means 100) after a 10-column indent.
func bodyPreview(body []byte, width int) string {
	if width <= 0 {
		width = 100
	}
	max := width - 10
	if max < 20 {
		max = 20
	}
	var buf bytes.Buffer
	s := string(bytes.TrimSpace(body))
	if json.Compact(&buf, []byte(s)) == nil {
		s = buf.String()
	}
	s = oneLine(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// oneLine keeps a value from breaking the line or sending control
// characters to a terminal.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}
