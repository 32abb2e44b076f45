package listen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hookctl/hookctl/internal/output"
	"github.com/hookctl/hookctl/pkg/webhook"
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
	case d.Unrouted:
		status = pal.Dim(fmt.Sprintf("→ %d unrouted (no --forward-to takes it)", d.Status))
	case d.Forwarded && d.App != nil:
		status = fmt.Sprintf("→ %d from %s in %s", d.Status, webhook.Escape(d.App.URL), Millis(d.App.Elapsed))
		if !ok2xx(d.Status) {
			status = pal.Bad(status)
			if d.App.Body != "" {
				status += pal.Bad(": " + webhook.Escape(d.App.Body))
			}
		}
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

// Compact is the delivery on one short line: time, event, what listen
// made of the signature and what became of it (the app's status and
// time, and the first line of its answer when not 2xx).
func (d *Delivery) Compact(color bool) string {
	pal := output.NewPalette(color)
	var mark string
	switch d.Verification.Result {
	case Verified:
		mark = pal.Good("✓")
	case Failed, Expired, Replayed:
		mark = pal.Bad("✗")
	case NoSecret:
		mark = pal.Warn("?")
	default:
		mark = pal.Dim("–")
	}
	event := d.Event
	if event == "" {
		event = "-"
	}
	var what string
	switch {
	case d.Rejected:
		what = pal.Bad(fmt.Sprintf("%d %s", d.Status, d.Verification.Result))
	case d.Incomplete:
		what = pal.Bad(fmt.Sprintf("%d incomplete", d.Status))
	case d.ForwardError != "":
		what = pal.Bad(fmt.Sprintf("%d %s", d.Status, webhook.Escape(d.ForwardError)))
	case d.Filtered:
		what = pal.Dim(fmt.Sprintf("%d filtered", d.Status))
	case d.Unrouted:
		what = pal.Dim(fmt.Sprintf("%d unrouted", d.Status))
	case d.App != nil && !ok2xx(d.Status):
		what = pal.Bad(fmt.Sprintf("%d app %s", d.Status, Millis(d.App.Elapsed)))
		if d.App.Body != "" {
			what += pal.Bad(": " + cut(webhook.Escape(d.App.Body), 60))
		}
	case d.App != nil:
		what = fmt.Sprintf("%d app %s", d.Status, Millis(d.App.Elapsed))
	default:
		what = fmt.Sprintf("%d", d.Status)
	}
	return fmt.Sprintf("%s %s %s %s\n", d.Time.Format("15:04:05"), webhook.Escape(event), mark, what)
}

// Failure is why the delivery counts as a failure, on one line ("" when
// it does not): refused for its signature, cut short, the app not
// answering or answering other than 2xx.
func (d *Delivery) Failure() string {
	event := ""
	if d.Event != "" {
		event = " (" + webhook.Escape(d.Event) + ")"
	}
	head := d.Time.Format("15:04:05") + " " + d.Method + " " + webhook.Escape(d.Path) + event + ": "
	switch {
	case d.Rejected:
		return head + fmt.Sprintf("signature %s, answered %d", d.Verification.Result, d.Status)
	case d.Incomplete:
		return head + fmt.Sprintf("incomplete body, answered %d", d.Status)
	case d.ForwardError != "":
		return head + fmt.Sprintf("could not forward: %s; answered %d", webhook.Escape(d.ForwardError), d.Status)
	case d.App != nil && !ok2xx(d.Status):
		s := fmt.Sprintf("%s answered %d in %s", webhook.Escape(d.App.URL), d.Status, Millis(d.App.Elapsed))
		if d.App.Body != "" {
			s += ": " + webhook.Escape(d.App.Body)
		}
		return head + s
	}
	return ""
}

// Millis is a duration in milliseconds, as "3.1 ms".
func Millis(t time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(t.Microseconds())/1000)
}

func ok2xx(status int) bool { return status >= 200 && status <= 299 }

// cut shortens s to max runes, marking the cut.
func cut(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max-1]) + "…"
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

// Tally counts deliveries by what became of them, for the summary line a
// terminal shows every so often.
type Tally struct {
	Total, OK, AppFailed, Filtered, Unrouted, Refused int
}

// Add counts one delivery.
func (t *Tally) Add(d *Delivery) {
	t.Total++
	switch {
	case d.Rejected || d.Incomplete:
		t.Refused++
	case d.Filtered:
		t.Filtered++
	case d.Unrouted:
		t.Unrouted++
	case d.ForwardError != "" || !ok2xx(d.Status):
		t.AppFailed++
	default:
		t.OK++
	}
}

// String is the tally on one line: "300 deliveries: 280 ok,
// 5 not by the app, 10 filtered, 5 refused" (a count of 0 left out).
func (t Tally) String() string {
	n := func(k int, one, many string) string {
		if k == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", k, many)
	}
	parts := []string{fmt.Sprintf("%d ok", t.OK)}
	if t.AppFailed > 0 {
		parts = append(parts, fmt.Sprintf("%d failed at the app", t.AppFailed))
	}
	if t.Filtered > 0 {
		parts = append(parts, fmt.Sprintf("%d filtered", t.Filtered))
	}
	if t.Unrouted > 0 {
		parts = append(parts, fmt.Sprintf("%d unrouted", t.Unrouted))
	}
	if t.Refused > 0 {
		parts = append(parts, fmt.Sprintf("%d refused", t.Refused))
	}
	return n(t.Total, "delivery", "deliveries") + ": " + strings.Join(parts, ", ")
}
