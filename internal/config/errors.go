package config

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Error is a problem with the configuration: the file (and line, when
// known), the profile and key, what is wrong and what would fix it. Every
// configuration error is a usage error (exit 2).
type Error struct {
	// Path is the config file, or "" when the value did not come from it.
	Path string
	// Line is the 1-based line in Path, 0 when unknown.
	Line int
	// Profile and Key name the setting, when there is one.
	Profile, Key string
	// Msg says what is wrong.
	Msg string
	// Fix says what would fix it: printed as a hint line.
	Fix string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("config")
	if e.Path != "" {
		b.WriteString(" " + e.Path)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line))
		}
	}
	if e.Profile != "" {
		fmt.Fprintf(&b, ": profile %s", e.Profile)
	}
	if e.Key != "" {
		fmt.Fprintf(&b, ": %s", e.Key)
	}
	b.WriteString(": " + e.Msg)
	return b.String()
}

// Hint is what would fix the problem.
func (e *Error) Hint() string { return e.Fix }

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns a YAML parser's error into an Error with its line. The
// parser names the line of the enclosing mapping when a key is indented
// wrongly; the line of the key itself is found here instead.
func yamlError(path string, data []byte, err error) *Error {
	msg := firstLine(err.Error())
	e := &Error{Path: path, Msg: "not valid YAML: " + strings.TrimPrefix(msg, "yaml: "),
		Fix: "fix the YAML there: keys are indented with spaces (two per level) and written `key: value`"}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Msg = "not valid YAML: " + m[2]
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		if m := yamlLine.FindStringSubmatch("yaml: " + te.Errors[0]); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Msg = "not valid YAML: " + m[2]
		}
	}
	lines := strings.Split(string(data), "\n")
	if n := badIndentLine(lines); n > e.Line && strings.Contains(e.Msg, "expected key") {
		e.Line, e.Msg = n, "not valid YAML: this key's indentation matches no enclosing level"
	}
	if e.Line > 0 && e.Line <= len(lines) && strings.HasPrefix(strings.TrimLeft(lines[e.Line-1], " "), "\t") {
		e.Fix = "indent with spaces, not tabs (YAML forbids tabs in indentation)"
	}
	return e
}

// badIndentLine is the 1-based line of the first line indented less than
// the line before it but not as much as any enclosing line, 0 if none.
func badIndentLine(lines []string) int {
	var levels []int
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "-") {
			continue
		}
		in := len(l) - len(t)
		for len(levels) > 0 && levels[len(levels)-1] > in {
			levels = levels[:len(levels)-1]
		}
		switch {
		case len(levels) == 0 || levels[len(levels)-1] < in:
			if len(levels) > 0 && i > 0 && !opensBlock(lines, i) {
				return i + 1
			}
			levels = append(levels, in)
		}
	}
	return 0
}

// opensBlock reports whether the last content line before line i ends a
// key with no value (`key:`), which lets line i be indented deeper.
func opensBlock(lines []string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		t := strings.TrimSpace(lines[j])
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		return strings.HasSuffix(t, ":") || strings.HasPrefix(t, "-")
	}
	return true
}

// keyLine is the line of profiles.PROFILE.KEY in the file's YAML (or of the
// profile when key is ""), 0 when unknown.
func keyLine(root *yaml.Node, profile, key string) int {
	if root == nil || len(root.Content) == 0 {
		return 0
	}
	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		return 0
	}
	if profile == "" {
		if k := keyNode(top, key); k != nil {
			return k.Line
		}
		return 0
	}
	ps := lookup(top, "profiles", false)
	if ps == nil || ps.Kind != yaml.MappingNode {
		return 0
	}
	pk := keyNode(ps, profile)
	if pk == nil {
		return 0
	}
	if key == "" {
		return pk.Line
	}
	if k := keyNode(lookup(ps, profile, true), key); k != nil {
		return k.Line
	}
	return pk.Line
}

// keyNode is the key node named key (any case) in mapping m, nil if absent.
func keyNode(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if strings.EqualFold(m.Content[i].Value, key) {
			return m.Content[i]
		}
	}
	return nil
}

// unreadable is the Error for a config file that exists but cannot be read
// (permissions, a directory).
func unreadable(path string, err error) *Error {
	return &Error{Path: path, Msg: "cannot read it: " + bare(err).Error(),
		Fix: "make it a readable file (chmod 600 " + path + "), or name another with --config"}
}

// notAMapping is the Error for a file whose top level is not `key: value`.
func notAMapping(path string, line int) *Error {
	return &Error{Path: path, Line: line, Msg: "the top level is not a mapping of keys",
		Fix: "start the file with `profile: NAME` and `profiles:` (see docs/configuration.md)"}
}
