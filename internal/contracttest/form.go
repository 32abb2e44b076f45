package contracttest

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// kin-openapi cannot decode a form body whose members use the bracket
// syntax of Stripe's deepObject encoding (a[b]=c, a[]=x, a[0][b]=c): it
// finds no member a at all. Such bodies are decoded here into the JSON
// value they stand for, their strings read as the schema's booleans and
// numbers, and checked against the body's schema directly.

// formValue decodes an application/x-www-form-urlencoded body with
// bracketed keys into nested objects and lists.
func formValue(body string) (map[string]any, error) {
	vals, err := url.ParseQuery(body)
	if err != nil {
		return nil, err
	}
	root := map[string]any{}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		segs, err := formKey(k)
		if err != nil {
			return nil, err
		}
		for i, v := range vals[k] {
			path := segs
			if segs[len(segs)-1] == "" { // a[]=x: the i-th item
				path = append(append([]string{}, segs[:len(segs)-1]...), strconv.Itoa(i))
			}
			set(root, path, v)
		}
	}
	return lists(root).(map[string]any), nil
}

// formKey splits a[b][c] into a, b, c ("" for []).
func formKey(k string) ([]string, error) {
	name, rest, _ := strings.Cut(k, "[")
	segs := []string{name}
	if rest == "" {
		return segs, nil
	}
	for _, part := range strings.Split("["+rest, "[")[1:] {
		seg, ok := strings.CutSuffix(part, "]")
		if !ok {
			return nil, fmt.Errorf("form key %q: unbalanced brackets", k)
		}
		segs = append(segs, seg)
	}
	return segs, nil
}

func set(m map[string]any, path []string, v string) {
	for _, seg := range path[:len(path)-1] {
		next, ok := m[seg].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[seg] = next
		}
		m = next
	}
	m[path[len(path)-1]] = v
}

// lists turns objects whose keys are 0, 1, … into lists.
func lists(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	for k, x := range m {
		m[k] = lists(x)
	}
	if len(m) == 0 {
		return m
	}
	out := make([]any, len(m))
	for k, x := range m {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= len(m) {
			return m
		}
		out[i] = x
	}
	return out
}

// coerce reads a form's strings as the booleans and numbers the schema
// asks for (where one of its alternatives does).
func coerce(s *openapi3.Schema, v any) any {
	if s == nil {
		return v
	}
	switch x := v.(type) {
	case string:
		for _, alt := range alternatives(s) {
			switch {
			case alt.Type.Is("boolean"):
				if b, err := strconv.ParseBool(x); err == nil {
					return b
				}
			case alt.Type.Is("integer"):
				if n, err := strconv.ParseInt(x, 10, 64); err == nil {
					return float64(n)
				}
			case alt.Type.Is("number"):
				if f, err := strconv.ParseFloat(x, 64); err == nil {
					return f
				}
			}
		}
	case map[string]any:
		for k, e := range x {
			for _, alt := range alternatives(s) {
				if p := alt.Properties[k]; p != nil {
					x[k] = coerce(p.Value, e)
					break
				}
				if ap := alt.AdditionalProperties.Schema; ap != nil {
					x[k] = coerce(ap.Value, e)
					break
				}
			}
		}
	case []any:
		for i, e := range x {
			for _, alt := range alternatives(s) {
				if alt.Items != nil {
					x[i] = coerce(alt.Items.Value, e)
					break
				}
			}
		}
	}
	return v
}

// alternatives are s and the schemas of its anyOf, oneOf and allOf.
func alternatives(s *openapi3.Schema) []*openapi3.Schema {
	out := []*openapi3.Schema{s}
	for _, refs := range []openapi3.SchemaRefs{s.AnyOf, s.OneOf, s.AllOf} {
		for _, r := range refs {
			if r != nil && r.Value != nil {
				out = append(out, alternatives(r.Value)...)
			}
		}
	}
	return out
}

// dropUndecodable removes the parameters kin-openapi cannot decode (a
// deepObject list, Stripe's expand[]), which it would otherwise fail on
// every request, sent or not; hookctl sends none of them.
func dropUndecodable(doc *openapi3.T) {
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			kept := op.Parameters[:0]
			for _, p := range op.Parameters {
				v := p.Value
				if v != nil && v.Style == openapi3.SerializationDeepObject && v.Schema != nil && v.Schema.Value != nil && v.Schema.Value.Type.Is("array") {
					continue
				}
				kept = append(kept, p)
			}
			op.Parameters = kept
		}
	}
}
