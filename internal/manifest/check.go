package manifest

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// CheckOptions say how strictly a file is mapped onto its target dialect.
type CheckOptions struct {
	// DropUnsupported drops fields the target dialect lacks (each one
	// reported as a notice) instead of refusing the file.
	DropUnsupported bool
	// AllowUnknownEvents accepts event names the dialect does not list.
	AllowUnknownEvents bool
}

// Check maps a parsed file onto the target dialect before anything is sent.
// Every entry must be a complete webhook of the target: its required fields
// present, its values well-formed, its natural key unique in the file, and
// no field the target cannot represent (unless DropUnsupported, which drops
// them and returns them as notices). All problems are returned together as
// Problems; on success the result is the file in the target's dialect.
func Check(f *File, target *webhook.Schema, opts CheckOptions) (*File, []Problem, error) {
	out := &File{APIVersion: APIVersion, Kind: Kind, Dialect: target.Dialect, Webhooks: make([]Entry, 0, len(f.Webhooks))}
	var problems, notices Problems
	seen := map[string]int{}
	for i, e := range f.Webhooks {
		key := DisplayKey(target, e.Webhook())
		at := func(field, format string, args ...any) {
			problems = append(problems, Problem{Index: i, Line: e.Line, Key: key, Field: field, Message: fmt.Sprintf(format, args...)})
		}
		var unsupported []string
		for _, name := range e.Fields() {
			if !target.Has(name) {
				unsupported = append(unsupported, name)
			}
		}
		if len(unsupported) > 0 {
			msg := fmt.Sprintf("%s webhooks have no %s (their fields: %s)", target.Dialect, joinOr(unsupported),
				strings.Join(writable(target), ", "))
			// Either way the rest is checked without them, so that every
			// problem of the entry shows at once.
			for _, name := range unsupported {
				e.drop(name)
			}
			if opts.DropUnsupported {
				key = DisplayKey(target, e.Webhook())
				notices = append(notices, Problem{Index: i, Line: e.Line, Key: key, Field: strings.Join(unsupported, ", "),
					Message: "dropped: " + msg})
			} else {
				at(strings.Join(unsupported, ", "), "%s", msg)
			}
		}
		bad := len(unsupported) > 0 && !opts.DropUnsupported
		set, w := e.Fields(), e.Webhook()
		for _, fd := range target.Fields {
			if !fd.Required {
				continue
			}
			if !slices.Contains(set, fd.Name) {
				at(fd.Name, "is required by %s webhooks and missing", target.Dialect)
				bad = true
			} else if v, _ := w.Value(fd.Name); v == "" && fd.Name != webhook.FieldURL {
				at(fd.Name, "is required by %s webhooks and empty", target.Dialect)
				bad = true
			}
		}
		if err := target.Validate(e.Changes(), false, opts.AllowUnknownEvents); err != nil {
			field, msg := fieldOf(err)
			at(field, "%s", msg)
			continue
		}
		if bad {
			continue
		}
		k := target.Key(e.Webhook())
		if j, dup := seen[k]; dup {
			at("", "same natural key (%s) as webhooks[%d] (line %d): each webhook may appear once",
				strings.Join(target.KeyFields, " + "), j, f.Webhooks[j].Line)
			continue
		}
		seen[k] = i
		out.Webhooks = append(out.Webhooks, e)
	}
	return out, notices, problems.orNil()
}

// writable lists the fields of a dialect a file can set.
func writable(s *webhook.Schema) []string {
	var names []string
	for _, f := range s.Fields {
		if !f.ReadOnly && !f.Setting {
			names = append(names, f.Name)
		}
	}
	return names
}

// fieldOf turns a validation error written for flags ("--event: …") into
// the file's field name and the reason.
func fieldOf(err error) (field, reason string) {
	var ve *webhook.ValidationError
	if !errors.As(err, &ve) {
		return "", err.Error()
	}
	field = strings.TrimPrefix(ve.Field, "--")
	if field == "event" {
		field = webhook.FieldEvents
	}
	return field, ve.Reason
}

// joinOr joins names as "a, b or c".
func joinOr(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
