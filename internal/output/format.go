// Package output prints what commands produce: webhooks, single values and
// other tabular results, as a table, TSV, CSV, JSON, JSON lines or YAML, or
// through a --jq expression or a --template. Commands never format anything
// themselves; they hand their data to a Printer.
package output

import (
	"strings"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// Format is an output format chosen with -o.
type Format string

// The output formats.
const (
	// Table is an aligned table with a header row, for terminals.
	Table Format = "table"
	// TSV is tab-separated values without a header, one record a line, for pipes.
	TSV Format = "tsv"
	// JSON is indented JSON: an array for a list, an object for one webhook.
	JSON Format = "json"
	// JSONL is JSON lines: one compact JSON value a line.
	JSONL Format = "jsonl"
	// YAML is a YAML document: a sequence for a list, a mapping for one webhook.
	YAML Format = "yaml"
	// CSV is comma-separated values (RFC 4180) with a header row.
	CSV Format = "csv"
)

// Formats lists the valid -o values, for help text and shell completion.
var Formats = []string{string(Table), string(TSV), string(JSON), string(JSONL), string(YAML), string(CSV)}

// ParseFormat turns an -o value into a Format, ignoring case. An unknown
// value is a *webhook.ValidationError listing the valid formats.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, v := range Formats {
		if string(f) == v {
			return f, nil
		}
	}
	return "", webhook.Invalid("--output", "unknown format %q (valid formats: %s)", s, strings.Join(Formats, ", "))
}
