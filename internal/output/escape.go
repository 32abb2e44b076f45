package output

import (
	"bufio"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// The output formats escape backend text with webhook's one rule (see
// webhook.Escape); these are its reversible form (a backslash doubled), as
// TSV, tables and ids use it, so that a value can be recovered exactly.

// appendEscaped appends s escaped as by webhook.EscapeField.
func appendEscaped[T string | []byte](dst []byte, s T) []byte {
	return webhook.AppendField(dst, s)
}

// escapeText is webhook.EscapeField.
func escapeText(s string) string { return webhook.EscapeField(s) }

// writeEscaped writes s escaped as by webhook.EscapeField.
func writeEscaped(bw *bufio.Writer, s string) {
	bw.Write(webhook.AppendField(nil, s))
}
