package manifest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// entryKeys are the fields an entry may have, in the model's order.
var entryKeys = []string{webhook.FieldID, webhook.FieldURL, webhook.FieldDescription, webhook.FieldModel, webhook.FieldEvents, webhook.FieldActive}

// nativeNames maps vendors' own field names to the common ones, so that a
// file written with them gets a precise hint.
var nativeNames = map[string]string{
	"callbackurl": webhook.FieldURL, "idmodel": webhook.FieldModel, "name": webhook.FieldDescription,
	"enabled": webhook.FieldActive,
}

// Parse reads a webhooks file, YAML or JSON (JSON is read as YAML, which
// keeps line numbers). Unknown fields, wrong types and a missing webhooks
// list are errors naming the line; every such problem is reported at once.
func Parse(data []byte) (*File, error) {
	return ParseContext(context.Background(), data)
}

// ParseContext is Parse that stops early, returning ctx's error, once ctx
// is done: a file of many thousands of entries or keys takes a while, and
// Ctrl-C must not wait for it.
func ParseContext(ctx context.Context, data []byte) (*File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Problems{{Index: -1, Message: "the file is empty (want dialect: and webhooks:)"}}
		}
		return nil, webhook.Invalid("", "%s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := extra.Line
		if err != nil {
			return nil, webhook.Invalid("", "%s", strings.TrimPrefix(err.Error(), "yaml: "))
		}
		return nil, Problems{{Index: -1, Line: line, Message: "a second document: a file holds one webhook list"}}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	p := &parser{ctx: ctx}
	f := p.file(root)
	if p.stopped != nil {
		return nil, p.stopped
	}
	return f, p.problems.orNil()
}

// parser collects problems while walking the YAML tree.
type parser struct {
	problems Problems
	ctx      context.Context
	// stopped is ctx's error once the walk noticed it was done.
	stopped error
	steps   int
}

// done reports whether the walk should stop: the context is looked at
// every 1024 steps (entries and keys), which keeps the cost of looking
// small and the wait after Ctrl-C short.
func (p *parser) done() bool {
	if p.stopped != nil {
		return true
	}
	p.steps++
	if p.steps%1024 == 0 {
		p.stopped = p.ctx.Err()
	}
	return p.stopped != nil
}

func (p *parser) add(index, line int, field, format string, args ...any) {
	p.problems = append(p.problems, Problem{Index: index, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (p *parser) file(root *yaml.Node) *File {
	f := &File{}
	if root.Kind != yaml.MappingNode {
		p.add(-1, root.Line, "", "want a mapping with dialect: and webhooks: (see docs/webhooks-as-code.md), got %s", kindName(root))
		return f
	}
	seenList := false
	p.mapping(-1, root, func(key string, k, v *yaml.Node) {
		switch key {
		case "apiVersion":
			if s, ok := p.scalar(-1, key, v); ok && s != APIVersion {
				p.add(-1, v.Line, key, "%q is not supported (want %s)", s, APIVersion)
			} else {
				f.APIVersion = s
			}
		case "kind":
			if s, ok := p.scalar(-1, key, v); ok && s != Kind {
				p.add(-1, v.Line, key, "%q is not supported (want %s)", s, Kind)
			} else {
				f.Kind = s
			}
		case "dialect":
			f.Dialect, _ = p.scalar(-1, key, v)
			f.Dialect = strings.ToLower(strings.TrimSpace(f.Dialect))
		case "webhooks":
			seenList = true
			if v.Kind != yaml.SequenceNode {
				p.add(-1, v.Line, key, "want a list of webhooks ([] for none), got %s", kindName(v))
				return
			}
			f.Webhooks = make([]Entry, 0, len(v.Content))
			for i, n := range v.Content {
				if p.done() {
					return
				}
				f.Webhooks = append(f.Webhooks, p.entry(i, n))
			}
		default:
			p.add(-1, k.Line, "", "unknown field %q (fields: apiVersion, kind, dialect, webhooks)", key)
		}
	})
	if !seenList {
		p.add(-1, root.Line, "", "no webhooks: list (write webhooks: [] for none)")
	}
	return f
}

func (p *parser) entry(i int, n *yaml.Node) Entry {
	e := Entry{Line: n.Line}
	if n.Kind != yaml.MappingNode {
		p.add(i, n.Line, "", "want a mapping of fields, got %s", kindName(n))
		return e
	}
	p.mapping(i, n, func(key string, k, v *yaml.Node) {
		if isNull(v) && key != webhook.FieldURL {
			return // null: the same as leaving the field out
		}
		switch key {
		case webhook.FieldID:
			e.ID, _ = p.scalar(i, key, v)
		case webhook.FieldURL:
			e.URL, e.hasURL = p.scalar(i, key, v)
		case webhook.FieldDescription:
			if s, ok := p.scalar(i, key, v); ok {
				e.Description = &s
			}
		case webhook.FieldModel:
			if s, ok := p.scalar(i, key, v); ok {
				e.Model = &s
			}
		case webhook.FieldEvents:
			e.Events = p.events(i, v)
		case webhook.FieldActive:
			if s, ok := p.scalar(i, key, v); ok {
				b, err := webhook.ParseBool(key, s)
				if err != nil {
					p.add(i, v.Line, key, "%q is not true or false", s)
				}
				e.Active = &b
			}
		default:
			p.add(i, k.Line, "", "%s", unknownEntryField(key))
		}
	})
	if !e.hasURL {
		p.add(i, n.Line, webhook.FieldURL, "is missing: every webhook needs its callback URL")
	}
	return e
}

func unknownEntryField(key string) string {
	if common, ok := nativeNames[strings.ToLower(key)]; ok {
		return fmt.Sprintf("unknown field %q: the file uses the common model, write %q", key, common)
	}
	switch key {
	case webhook.FieldFailures, "token", "consecutiveFailures":
		return fmt.Sprintf("%q is state, not configuration: leave it out of the file", key)
	}
	return fmt.Sprintf("unknown field %q (fields: %s)", key, strings.Join(entryKeys, ", "))
}

// mapping calls fn for each key of n, reporting duplicate and non-text keys.
func (p *parser) mapping(index int, n *yaml.Node, fn func(key string, k, v *yaml.Node)) {
	seen := make(map[string]bool, len(n.Content)/2)
	for j := 0; j+1 < len(n.Content) && !p.done(); j += 2 {
		k, v := n.Content[j], n.Content[j+1]
		if k.Kind != yaml.ScalarNode {
			p.add(index, k.Line, "", "a field name must be text, got %s", kindName(k))
			continue
		}
		if seen[k.Value] {
			p.add(index, k.Line, "", "field %q appears twice", k.Value)
			continue
		}
		seen[k.Value] = true
		fn(k.Value, k, v)
	}
}

// scalar reads a text value; a list, mapping or null is a problem.
func (p *parser) scalar(index int, field string, v *yaml.Node) (string, bool) {
	if v.Kind == yaml.AliasNode && v.Alias != nil {
		v = v.Alias
	}
	if v.Kind != yaml.ScalarNode || isNull(v) {
		p.add(index, v.Line, field, "want a single value, got %s", kindName(v))
		return "", false
	}
	return v.Value, true
}

func (p *parser) events(index int, v *yaml.Node) []string {
	if v.Kind != yaml.SequenceNode {
		p.add(index, v.Line, webhook.FieldEvents, "want a list of event names, got %s", kindName(v))
		return nil
	}
	out := make([]string, 0, len(v.Content))
	for _, n := range v.Content {
		if p.done() {
			break
		}
		if s, ok := p.scalar(index, webhook.FieldEvents, n); ok {
			out = append(out, s)
		}
	}
	return out
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}
