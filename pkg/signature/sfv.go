package signature

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// This file holds the small part of RFC 8941 (Structured Field Values) that
// RFC 9421 and RFC 9530 need: dictionaries whose members are bare items or
// inner lists, each with parameters.

// sfItem is a bare item: int64, string (sf-string), sfToken, []byte or bool.
type sfItem = any

// sfToken is an sf-token, kept apart from sf-string so it serializes back
// without quotes.
type sfToken string

// sfParam is one parameter, in order.
type sfParam struct {
	Key   string
	Value sfItem
}

// sfMember is one dictionary member: an item or an inner list, with its
// parameters.
type sfMember struct {
	Key    string
	Item   sfItem   // set when the member is a bare item
	List   []sfItem // set when IsList
	IsList bool
	Params []sfParam
}

// param returns the value of the named parameter and whether it is present.
func (m sfMember) param(key string) (sfItem, bool) {
	for _, p := range m.Params {
		if p.Key == key {
			return p.Value, true
		}
	}
	return nil, false
}

var errSFV = errors.New("malformed structured field")

type sfParser struct {
	s string
	i int
}

// parseSFDictionary parses an RFC 8941 dictionary. Inner-list items must not
// carry parameters of their own (RFC 9421 component parameters such as ;sf
// or ;req are outside the profile this package implements).
func parseSFDictionary(s string) ([]sfMember, error) {
	p := &sfParser{s: s}
	p.skipSP()
	var out []sfMember
	if p.i == len(p.s) {
		return out, nil
	}
	for {
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		m := sfMember{Key: key}
		if p.peek() == '=' {
			p.i++
			if p.peek() == '(' {
				m.IsList = true
				if m.List, err = p.innerList(); err != nil {
					return nil, err
				}
			} else if m.Item, err = p.bareItem(); err != nil {
				return nil, err
			}
		} else {
			m.Item = true
		}
		if m.Params, err = p.params(); err != nil {
			return nil, err
		}
		// Last one wins for duplicate keys (RFC 8941 §4.2.2).
		replaced := false
		for j := range out {
			if out[j].Key == key {
				out[j] = m
				replaced = true
			}
		}
		if !replaced {
			out = append(out, m)
		}
		p.skipOWS()
		if p.i == len(p.s) {
			return out, nil
		}
		if p.peek() != ',' {
			return nil, fmt.Errorf("%w: expected ',' at offset %d", errSFV, p.i)
		}
		p.i++
		p.skipOWS()
		if p.i == len(p.s) {
			return nil, fmt.Errorf("%w: trailing ','", errSFV)
		}
	}
}

func (p *sfParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *sfParser) skipSP() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *sfParser) skipOWS() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func isLCAlpha(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool   { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool   { return isLCAlpha(c) || (c >= 'A' && c <= 'Z') }

func (p *sfParser) key() (string, error) {
	start := p.i
	if c := p.peek(); !isLCAlpha(c) && c != '*' {
		return "", fmt.Errorf("%w: expected key at offset %d", errSFV, p.i)
	}
	for p.i < len(p.s) {
		c := p.s[p.i]
		if !isLCAlpha(c) && !isDigit(c) && c != '_' && c != '-' && c != '.' && c != '*' {
			break
		}
		p.i++
	}
	return p.s[start:p.i], nil
}

func (p *sfParser) params() ([]sfParam, error) {
	var out []sfParam
	for p.peek() == ';' {
		p.i++
		p.skipSP()
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		var v sfItem = true
		if p.peek() == '=' {
			p.i++
			if v, err = p.bareItem(); err != nil {
				return nil, err
			}
		}
		replaced := false
		for j := range out {
			if out[j].Key == key {
				out[j].Value = v
				replaced = true
			}
		}
		if !replaced {
			out = append(out, sfParam{Key: key, Value: v})
		}
	}
	return out, nil
}

func (p *sfParser) innerList() ([]sfItem, error) {
	p.i++ // '('
	var out []sfItem
	for {
		p.skipSP()
		if p.peek() == ')' {
			p.i++
			return out, nil
		}
		if p.i >= len(p.s) {
			return nil, fmt.Errorf("%w: unterminated inner list", errSFV)
		}
		it, err := p.bareItem()
		if err != nil {
			return nil, err
		}
		ps, err := p.params()
		if err != nil {
			return nil, err
		}
		if len(ps) > 0 {
			return nil, fmt.Errorf("%w: parameters on inner-list items are not supported", errSFV)
		}
		out = append(out, it)
		if c := p.peek(); c != ' ' && c != ')' {
			return nil, fmt.Errorf("%w: expected ' ' or ')' at offset %d", errSFV, p.i)
		}
	}
}

func (p *sfParser) bareItem() (sfItem, error) {
	c := p.peek()
	switch {
	case c == '-' || isDigit(c):
		return p.integer()
	case c == '"':
		return p.str()
	case c == ':':
		return p.bytes()
	case c == '?':
		p.i++
		switch p.peek() {
		case '1':
			p.i++
			return true, nil
		case '0':
			p.i++
			return false, nil
		}
		return nil, fmt.Errorf("%w: bad boolean at offset %d", errSFV, p.i)
	case isAlpha(c) || c == '*':
		start := p.i
		for p.i < len(p.s) && isTokenChar(p.s[p.i]) {
			p.i++
		}
		return sfToken(p.s[start:p.i]), nil
	}
	return nil, fmt.Errorf("%w: unexpected character at offset %d", errSFV, p.i)
}

func isTokenChar(c byte) bool {
	if isAlpha(c) || isDigit(c) {
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~:/", c) >= 0
}

func (p *sfParser) integer() (sfItem, error) {
	start := p.i
	if p.peek() == '-' {
		p.i++
	}
	for p.i < len(p.s) && isDigit(p.s[p.i]) {
		p.i++
	}
	if p.peek() == '.' {
		return nil, fmt.Errorf("%w: decimals are not supported here", errSFV)
	}
	digits := p.s[start:p.i]
	if len(strings.TrimPrefix(digits, "-")) == 0 || len(strings.TrimPrefix(digits, "-")) > 15 {
		return nil, fmt.Errorf("%w: bad integer at offset %d", errSFV, start)
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: bad integer at offset %d", errSFV, start)
	}
	return n, nil
}

func (p *sfParser) str() (sfItem, error) {
	p.i++ // opening quote
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		switch {
		case c == '\\':
			if p.i >= len(p.s) || (p.s[p.i] != '"' && p.s[p.i] != '\\') {
				return nil, fmt.Errorf("%w: bad escape in string", errSFV)
			}
			b.WriteByte(p.s[p.i])
			p.i++
		case c == '"':
			return b.String(), nil
		case c < 0x20 || c > 0x7e:
			return nil, fmt.Errorf("%w: bad character in string", errSFV)
		default:
			b.WriteByte(c)
		}
	}
	return nil, fmt.Errorf("%w: unterminated string", errSFV)
}

func (p *sfParser) bytes() (sfItem, error) {
	p.i++ // opening colon
	end := strings.IndexByte(p.s[p.i:], ':')
	if end < 0 {
		return nil, fmt.Errorf("%w: unterminated byte sequence", errSFV)
	}
	enc := p.s[p.i : p.i+end]
	p.i += end + 1
	b, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return nil, fmt.Errorf("%w: bad base64 in byte sequence", errSFV)
	}
	return b, nil
}

// serializeSFItem writes a bare item in its canonical form.
func serializeSFItem(b *strings.Builder, it sfItem) {
	switch v := it.(type) {
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case string:
		b.WriteByte('"')
		for i := 0; i < len(v); i++ {
			if v[i] == '"' || v[i] == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(v[i])
		}
		b.WriteByte('"')
	case sfToken:
		b.WriteString(string(v))
	case []byte:
		b.WriteByte(':')
		b.WriteString(base64.StdEncoding.EncodeToString(v))
		b.WriteByte(':')
	case bool:
		if v {
			b.WriteString("?1")
		} else {
			b.WriteString("?0")
		}
	}
}

// serializeSFInnerList writes an inner list with its parameters, the form
// RFC 9421 uses for Signature-Input members and "@signature-params".
func serializeSFInnerList(items []sfItem, params []sfParam) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, it := range items {
		if i > 0 {
			b.WriteByte(' ')
		}
		serializeSFItem(&b, it)
	}
	b.WriteByte(')')
	for _, p := range params {
		b.WriteByte(';')
		b.WriteString(p.Key)
		if v, ok := p.Value.(bool); ok && v {
			continue
		}
		b.WriteByte('=')
		serializeSFItem(&b, p.Value)
	}
	return b.String()
}
