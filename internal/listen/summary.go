package listen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/hookctl/hookctl/internal/output"
	"github.com/hookctl/hookctl/pkg/webhook"
	"strings"
	"unicode/utf8"
)

// Summary is the delivery as a few readable lines for a terminal: time,
// method, path, event, verification and the status answered, then the
// reason for a failure and the start of the body. width (0: 100) bounds the
// body line; color adds ANSI colour.
func (d *Delivery) Summary(color bool, width int) string {
	pal := output.NewPalette(color)
	var mark string
	switch d.Verification.Result {
	case Verified:
		mark = pal.Good("✓ verified")
		if len(d.Verification.Schemes) > 0 {
			mark += " (" + strings.Join(d.Verification.Schemes, ", ") + ")"
		}
	case Failed:
		mark = pal.Bad("✗ signature failed")
	case Expired:
		mark = pal.Bad("✗ signature expired")
	case Replayed:
		mark = pal.Bad("✗ replayed")
	case NoSecret:
		mark = pal.Warn("? not verified (no secret)")
	default:
		mark = pal.Dim("– unsigned")
	}
	event := d.Event
	if event == "" {
		event = "-"
	}
	status := fmt.Sprintf("→ %d", d.Status)
	switch {
	case d.ForwardError != "":
		status = pal.Bad(fmt.Sprintf("→ %d (forward failed: %s)", d.Status, d.ForwardError))
	case d.Rejected:
		status = pal.Bad(fmt.Sprintf("→ %d rejected", d.Status))
	case d.Incomplete:
		status = pal.Bad(fmt.Sprintf("→ %d incomplete body", d.Status))
	case d.Filtered:
		status = pal.Dim(fmt.Sprintf("→ %d filtered (not forwarded)", d.Status))
	case d.Forwarded:
		status = fmt.Sprintf("→ %d from the app", d.Status)
	}
	if d.Unverified {
		status += pal.Warn(" (accepted unverified)")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s %s  %s  %s  %s\n", d.Time.Format("15:04:05"), d.Method, webhook.Escape(d.Path), webhook.Escape(event), mark, status)
	if d.Verification.Detail != "" && d.Verification.Result != Unsigned {
		fmt.Fprintf(&b, "          %s\n", pal.Dim(webhook.Escape(d.Verification.Detail)))
	}
	if preview := bodyPreview(d.Body, width); preview != "" {
		fmt.Fprintf(&b, "          %s\n", pal.Dim(preview))
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
	s = webhook.Escape(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}
