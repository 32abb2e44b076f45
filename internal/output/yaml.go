package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// yamlWebhooks prints ws as a YAML sequence (list) or w[0] as a mapping (one),
// keys in the order of the JSON form. A list is written one element at a time.
func (p *Printer) yamlWebhooks(ws []webhook.Webhook, list bool) error {
	bw := bufio.NewWriter(p.w)
	if list && len(ws) == 0 {
		bw.WriteString("[]\n")
		return bw.Flush()
	}
	s := newJSONScratch("", false)
	for i := range ws {
		b, err := s.webhook(&ws[i], p.opts.Raw)
		if err != nil {
			return err
		}
		n, err := jsonToNode(b)
		if err != nil {
			return err
		}
		if list {
			n = &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{n}}
		}
		if err := encodeYAML(bw, n); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// yamlValue prints v's JSON form as YAML, keeping the JSON key order.
func (p *Printer) yamlValue(v any) error {
	b, ok := v.(json.RawMessage)
	if !ok {
		var err error
		if b, err = marshal(v); err != nil {
			return err
		}
	}
	n, err := jsonToNode(b)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(p.w)
	if err := encodeYAML(bw, n); err != nil {
		return err
	}
	return bw.Flush()
}

// encodeYAML writes one YAML document. The yaml package flattens a write
// error into a string; the writer's own error (EPIPE) is returned instead.
func encodeYAML(w io.Writer, n *yaml.Node) error {
	sw := &stickyWriter{w: w}
	enc := yaml.NewEncoder(sw)
	enc.SetIndent(2)
	err := enc.Encode(n)
	if err == nil {
		err = enc.Close()
	}
	if sw.err != nil {
		return sw.err
	}
	return err
}

// stickyWriter remembers the first error of the writer it wraps.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(b []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(b)
	s.err = err
	return n, err
}

// jsonToNode turns one JSON value into a YAML node, keeping object key order
// (which decoding into a map would lose) and number text.
func jsonToNode(b []byte) (*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	n, err := decodeNode(dec)
	if err != nil {
		return nil, fmt.Errorf("converting JSON to YAML: %w", err)
	}
	return n, nil
}

func decodeNode(dec *json.Decoder) (*yaml.Node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		kind := yaml.MappingNode
		if t == '[' {
			kind = yaml.SequenceNode
		} else if t != '{' {
			return nil, errors.New("unexpected " + t.String())
		}
		n := &yaml.Node{Kind: kind}
		for dec.More() {
			if kind == yaml.MappingNode {
				key, err := dec.Token()
				if err != nil {
					return nil, err
				}
				ks, _ := key.(string)
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: ks})
			}
			child, err := decodeNode(dec)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, child)
		}
		if _, err := dec.Token(); err != nil { // closing delimiter
			return nil, err
		}
		if len(n.Content) == 0 {
			n.Style = yaml.FlowStyle
		}
		return n, nil
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t}, nil
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(t.String(), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: t.String()}, nil
	case bool:
		v := "false"
		if t {
			v = "true"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: v}, nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}
