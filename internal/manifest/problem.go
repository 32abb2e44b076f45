package manifest

import (
	"fmt"
	"strings"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// Problem is one thing wrong with a file, located as precisely as known.
type Problem struct {
	// Index is the entry's position in webhooks, or -1 for the file itself.
	Index int
	// Line is the line in the file (0 when unknown).
	Line int
	// Key is the entry's natural key as DisplayKey renders it, if known.
	Key string
	// Field is the field at fault, if one is.
	Field string
	// Message says what is wrong.
	Message string
}

// String is the problem on one line, e.g.
// `webhooks[2] (line 9) https://example.com/x: model: not a model id`.
func (p Problem) String() string {
	var b strings.Builder
	switch {
	case p.Index >= 0:
		fmt.Fprintf(&b, "webhooks[%d]", p.Index)
		if p.Line > 0 {
			fmt.Fprintf(&b, " (line %d)", p.Line)
		}
		if p.Key != "" {
			b.WriteString(" " + p.Key)
		}
		b.WriteString(": ")
	case p.Line > 0:
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is every problem found in a file; as an error it is a validation
// error (exit 2, nothing sent).
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "; ")
}

// Unwrap makes errors.Is(err, webhook.ErrValidation) true.
func (ps Problems) Unwrap() error { return webhook.ErrValidation }

// orNil returns ps as an error, or nil when there are none.
func (ps Problems) orNil() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}
