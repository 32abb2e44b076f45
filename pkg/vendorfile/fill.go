package vendorfile

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Fill returns a copy of a template (generic JSON from a vendor file:
// a sample, an error body, an answer) with the placeholders in its strings
// replaced: those of vars (a string that is only one placeholder takes the
// value with its type: {status} stays a number), {uuid} (a fresh one each
// time), {now} (RFC 3339) and {unix} (a number when alone) at now, and
// random text ({alnum:24}, {hex:32}, {upper:6}, {base64:N}). Unknown
// placeholders stay as they are.
func Fill(v any, vars map[string]any, now time.Time) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = Fill(e, vars, now)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Fill(e, vars, now)
		}
		return out
	case string:
		if len(x) > 2 && x[0] == '{' && x[len(x)-1] == '}' && strings.Count(x, "{") == 1 {
			name := x[1 : len(x)-1]
			if val, ok := vars[name]; ok {
				return val
			}
			if name == "unix" {
				return now.Unix()
			}
		}
		return fillString(x, vars, now)
	}
	return v
}

func fillString(s string, vars map[string]any, now time.Time) string {
	if !strings.Contains(s, "{") {
		return s
	}
	out, _ := Expand(s, func(name string) (string, bool) {
		switch name {
		case "uuid":
			return uuid.NewString(), true
		case "now":
			return now.UTC().Format(time.RFC3339), true
		case "unix":
			return strconv.FormatInt(now.Unix(), 10), true
		}
		if val, ok := vars[name]; ok {
			return fmt.Sprint(val), true
		}
		if r, err := RandomText("{" + name + "}"); err == nil && strings.Contains(name, ":") {
			return r, true
		}
		return "{" + name + "}", true
	})
	return out
}
