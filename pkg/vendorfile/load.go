package vendorfile

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// Error is one thing wrong with a vendor file: where (file, line, key) and
// what. It is a usage error (webhook.ErrValidation): exit 2.
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Key != "" {
		b.WriteString(": " + e.Key)
	}
	b.WriteString(": " + e.Msg)
	return b.String()
}

// Unwrap makes a bad vendor file a validation error.
func (e *Error) Unwrap() error { return webhook.ErrValidation }

// Problems are all the problems found in one file, one a line.
type Problems []*Error

func (es Problems) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns each problem.
func (es Problems) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// maxFileSize bounds a vendor file: one is a screenful, a huge one is a
// mistake (or an attack on the YAML parser).
const maxFileSize = 256 << 10

// Parse reads a vendor file's content; source names it in errors (a path,
// or "built-in NAME"). Every problem found is returned, each with its line
// and key.
func Parse(source string, data []byte) (*File, error) {
	if len(data) > maxFileSize {
		return nil, Problems{{File: source, Msg: fmt.Sprintf("is larger than %d KiB; a vendor file is a screenful", maxFileSize>>10)}}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Problems{syntaxError(source, err)}
	}
	if len(doc.Content) == 0 {
		return nil, Problems{{File: source, Msg: "is empty"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, Problems{{File: source, Line: root.Line, Msg: "is not a mapping of keys (name:, title:, …)"}}
	}
	f := &File{Source: source, lines: map[string]int{}}
	var probs Problems
	walk(root, reflect.TypeOf(File{}), "", f.lines, func(line int, key, msg string) {
		probs = append(probs, &Error{File: source, Line: line, Key: key, Msg: msg})
	})
	if len(probs) > 0 {
		return nil, probs
	}
	if err := root.Decode(f); err != nil {
		return nil, Problems{typeError(source, err)}
	}
	f.Source = source
	if probs := f.validate(); len(probs) > 0 {
		return nil, probs
	}
	return f, nil
}

// The patterns that read the YAML parser's errors, compiled on first use.
var (
	yamlLine  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`line (\d+): `) })
	typeWrong = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`cannot unmarshal !!(\w+) ` + "`([^`]*)`" + ` into .*`)
	})
	typeUnknown = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`cannot unmarshal !!(\w+) into .*`) })
)

// syntaxError turns the YAML parser's error into one line with its line.
func syntaxError(source string, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.Replace(msg, m[0], "", 1)
	}
	if strings.Contains(msg, "expected ',' or '}'") {
		// The usual cause: a template inside a flow mapping.
		msg += ` (a value with { } in a { } mapping needs quotes: path: "/hooks/{id}")`
	}
	return &Error{File: source, Line: line, Msg: "not valid YAML: " + msg}
}

// typeError turns a decoding error ("line 3: cannot unmarshal !!str `x`
// into int") into plain words.
func typeError(source string, err error) *Error {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 0
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.Replace(msg, m[0], "", 1)
	}
	msg = typeWrong().ReplaceAllString(msg, "$2 is a $1 of the wrong kind here")
	msg = typeUnknown().ReplaceAllString(msg, "a $1 is not expected here")
	return &Error{File: source, Line: line, Msg: msg}
}

// walk checks that every key of n is one the type t has (by its yaml tag),
// recording each key's line under its dotted path, and reports unknown keys
// with the keys that exist.
func walk(n *yaml.Node, t reflect.Type, path string, lines map[string]int, report func(line int, key, msg string)) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8 && t.Name() == "" {
		t = t.Elem()
	}
	if n.Kind != yaml.MappingNode {
		return
	}
	switch {
	case t == reflect.TypeOf(Keys{}):
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			lines[join(path, k.Value)] = k.Line
			walk(n.Content[i+1], reflect.TypeOf(Key{}), join(path, k.Value), lines, report)
		}
		return
	case t.Kind() == reflect.Map, t.Kind() == reflect.Interface:
		for i := 0; i+1 < len(n.Content); i += 2 {
			lines[join(path, n.Content[i].Value)] = n.Content[i].Line
		}
		return
	case t.Kind() != reflect.Struct:
		return
	}
	fields := map[string]reflect.Type{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		fields[tag] = t.Field(i).Type
		names = append(names, tag)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		key := join(path, k.Value)
		ft, ok := fields[k.Value]
		if !ok {
			report(k.Line, key, "unknown key (keys here: "+strings.Join(names, ", ")+")")
			continue
		}
		lines[key] = k.Line
		walk(n.Content[i+1], ft, key, lines, report)
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// UnmarshalYAML reads the keys mapping in its order.
func (ks *Keys) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: keys is not a mapping of key names", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		var k Key
		if v := n.Content[i+1]; !(v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
			if err := v.Decode(&k); err != nil {
				return err
			}
		}
		k.Name = n.Content[i].Value
		*ks = append(*ks, k)
	}
	return nil
}

// UnmarshalYAML reads a string or a list of strings.
func (l *StringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = StringList{n.Value}
		return nil
	}
	var s []string
	if err := n.Decode(&s); err != nil {
		return err
	}
	*l = s
	return nil
}

// UnmarshalYAML reads a list of names, where an item may be a mapping of
// a prefix to names.
func (ev *Events) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return fmt.Errorf("line %d: events is a list of event names", n.Line)
	}
	for _, item := range n.Content {
		switch item.Kind {
		case yaml.ScalarNode:
			*ev = append(*ev, item.Value)
		case yaml.MappingNode:
			for i := 0; i+1 < len(item.Content); i += 2 {
				var names []string
				if err := item.Content[i+1].Decode(&names); err != nil {
					return fmt.Errorf("line %d: %s: a list of the names after %s", item.Content[i].Line, item.Content[i].Value, item.Content[i].Value)
				}
				for _, name := range names {
					*ev = append(*ev, item.Content[i].Value+"."+name)
				}
			}
		default:
			return fmt.Errorf("line %d: an event is a name or {prefix: [names]}", item.Line)
		}
	}
	return nil
}

// UnmarshalYAML reads a path or {path, when-true, when-false}.
func (a *Active) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		a.Path = n.Value
		return nil
	}
	type plain Active
	return n.Decode((*plain)(a))
}

// UnmarshalYAML reads a Go duration ("5m", "300s").
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil || v < 0 {
		return fmt.Errorf("line %d: %q is not a duration (e.g. 5m, 300s)", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

// Line returns the line of the key at the dotted path ("list.page"), or of
// the nearest key above it that the file has; 0 when none.
func (f *File) Line(path string) int {
	for path != "" {
		if l, ok := f.lines[path]; ok {
			return l
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}

// Problem returns an Error at the key path of f.
func (f *File) Problem(key, format string, args ...any) *Error {
	return &Error{File: f.Source, Line: f.Line(key), Key: key, Msg: fmt.Sprintf(format, args...)}
}

// QuickKeys reads only the keys: block of a vendor file (its profile keys),
// which is much faster than Parse: the registry lists every dialect's keys
// without parsing every file. false when the block cannot be found alone
// (a file written in flow style); Parse says what is wrong with a bad file.
func QuickKeys(data []byte) (Keys, bool) {
	lines := bytes.SplitAfter(data, []byte("\n"))
	start := -1
	for i, l := range lines {
		if bytes.HasPrefix(l, []byte("keys:")) {
			start = i
			break
		}
	}
	if start < 0 {
		return nil, false
	}
	end := start + 1
	for end < len(lines) {
		l := lines[end]
		if len(l) > 0 && l[0] != ' ' && l[0] != '\t' && l[0] != '#' && l[0] != '\n' && l[0] != '\r' {
			break
		}
		end++
	}
	var doc struct {
		Keys Keys `yaml:"keys"`
	}
	if yaml.Unmarshal(bytes.Join(lines[start:end], nil), &doc) != nil {
		return nil, false
	}
	return doc.Keys, true
}
