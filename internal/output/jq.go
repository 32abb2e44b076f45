package output

import (
	"bufio"
	"errors"
	"fmt"

	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/itchyny/gojq"
)

// compileJQ parses and compiles a --jq expression. Errors name the flag.
func compileJQ(expr string) (*gojq.Code, error) {
	q, err := gojq.Parse(expr)
	if err != nil {
		return nil, webhook.Invalid("--jq", "%v", err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, webhook.Invalid("--jq", "%v", err)
	}
	return code, nil
}

// runJQ evaluates the --jq expression over v and prints each result: strings
// raw, as jq -r and gh --jq do, anything else as compact JSON, one a line.
// The backend's strings are escaped before the filter sees them (as for
// --template), so a control character from the backend never reaches the
// terminal while a tab or newline the filter makes (@tsv, "\n") prints as
// itself.
func (p *Printer) runJQ(v any) error {
	bw := bufio.NewWriter(p.w)
	iter := p.jq.RunWithContext(p.opts.Context, escapeStrings(v))
	for {
		out, ok := iter.Next()
		if !ok {
			break
		}
		if err, isErr := out.(error); isErr {
			var halt *gojq.HaltError
			if errors.As(err, &halt) && halt.Value() == nil {
				break
			}
			if ferr := bw.Flush(); ferr != nil {
				return ferr
			}
			return fmt.Errorf("--jq: %w", err)
		}
		var b []byte
		if s, isStr := out.(string); isStr {
			b = []byte(s)
		} else {
			b, _ = gojq.Marshal(out)
			b = webhook.SafeJSON(b)
		}
		bw.Write(b)
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
	}
	return bw.Flush()
}
