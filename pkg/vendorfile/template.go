package vendorfile

import (
	"fmt"
	"strings"
)

// Vars returns the names of the {placeholders} in a template, in order.
func Vars(tmpl string) []string {
	var out []string
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, tmpl[i+1:i+j])
		tmpl = tmpl[i+j+1:]
	}
}

// Expand replaces each {name} in tmpl with value(name); a name value does
// not know is an error.
func Expand(tmpl string, value func(name string) (string, bool)) (string, error) {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String(), nil
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl)
			return b.String(), nil
		}
		name := tmpl[i+1 : i+j]
		v, ok := value(name)
		if !ok {
			return "", fmt.Errorf("unknown placeholder {%s}", name)
		}
		b.WriteString(tmpl[:i])
		b.WriteString(v)
		tmpl = tmpl[i+j+1:]
	}
}

// From returns a value function over a map.
func From(m map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) { v, ok := m[name]; return v, ok }
}
