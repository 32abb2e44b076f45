package cli

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// setOp is one --set PATH=VALUE.
type setOp struct {
	path  []string
	value string
}

// parseSets splits each --set into a dotted path and a value.
func parseSets(sets []string) ([]setOp, error) {
	var ops []setOp
	for _, s := range sets {
		path, value, ok := strings.Cut(s, "=")
		if !ok || path == "" {
			return nil, webhook.Invalid("--set", "%q is not PATH=VALUE (e.g. action.data.card.name=Webhooks)", s)
		}
		parts := strings.Split(path, ".")
		for _, p := range parts {
			if p == "" {
				return nil, webhook.Invalid("--set", "%q: empty segment in the path", path)
			}
		}
		ops = append(ops, setOp{path: parts, value: value})
	}
	return ops, nil
}

// applySets changes fields of a sample. Each path must exist in it: a
// field the sample does not have is an error naming the fields it does.
func applySets(body map[string]any, ops []setOp, event string) error {
	for _, op := range ops {
		var parent any = body
		for i, seg := range op.path {
			last := i == len(op.path)-1
			at := strings.Join(op.path[:i+1], ".")
			switch node := parent.(type) {
			case map[string]any:
				cur, ok := node[seg]
				if !ok {
					return webhook.Invalid("--set", "%s: the %s sample has no such field (here: %s)", at, event, strings.Join(keys(node), ", "))
				}
				if last {
					node[seg] = setValue(cur, op.value)
				}
				parent = cur
			case []any:
				n, err := strconv.Atoi(seg)
				if err != nil || n < 0 || n >= len(node) {
					return webhook.Invalid("--set", "%s: the list has %d items (index 0-%d)", at, len(node), len(node)-1)
				}
				if last {
					node[n] = setValue(node[n], op.value)
				}
				parent = node[n]
			default:
				return webhook.Invalid("--set", "%s: %s is not an object or a list", at, strings.Join(op.path[:i], "."))
			}
		}
	}
	return nil
}

// setValue is value as the field's new content: text for a string field,
// else JSON when it parses (numbers, booleans, null, objects), else text.
func setValue(old any, value string) any {
	if _, isString := old.(string); isString {
		return value
	}
	var v any
	if json.Unmarshal([]byte(value), &v) == nil {
		return v
	}
	return value
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
