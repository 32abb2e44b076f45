package vendorfile

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Lookup returns the value at a dotted path ("delivery_method.url",
// "errors.0.title") in generic JSON (maps, slices); "" is v itself.
func Lookup(v any, path string) (any, bool) {
	if path == "" {
		return v, true
	}
	for _, seg := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[seg]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// Set puts value at a dotted path in m, making the maps on the way.
func Set(m map[string]any, path string, value any) {
	segs := strings.Split(path, ".")
	for _, seg := range segs[:len(segs)-1] {
		next, ok := m[seg].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[seg] = next
		}
		m = next
	}
	m[segs[len(segs)-1]] = value
}

// Delete removes the value at a dotted path in m, if there is one.
func Delete(m map[string]any, path string) {
	segs := strings.Split(path, ".")
	for _, seg := range segs[:len(segs)-1] {
		next, ok := m[seg].(map[string]any)
		if !ok {
			return
		}
		m = next
	}
	delete(m, segs[len(segs)-1])
}

// String returns the value at path as a string: a JSON string as is, a
// number in its shortest form, true/false; false when it is missing, null
// or an object.
func String(v any, path string) (string, bool) {
	x, ok := Lookup(v, path)
	if !ok {
		return "", false
	}
	switch s := x.(type) {
	case string:
		return s, true
	case float64:
		return strconv.FormatFloat(s, 'f', -1, 64), true
	case json.Number:
		return s.String(), true
	case bool:
		return strconv.FormatBool(s), true
	}
	return "", false
}
