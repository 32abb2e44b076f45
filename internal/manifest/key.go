package manifest

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// DisplayKey is a webhook's natural key as people read it: the URL, then
// the dialect's other key fields as name=value, e.g.
// "https://example.com/hook model=4d5ea62fd76aa1136000000c".
func DisplayKey(schema *webhook.Schema, w webhook.Webhook) string {
	var b strings.Builder
	b.WriteString(quoteIfNeeded(w.URL))
	for _, name := range schema.KeyFields {
		if name == webhook.FieldURL {
			continue
		}
		v, _ := w.Value(name)
		b.WriteString(" " + name + "=" + quoteIfNeeded(webhook.Text(v)))
	}
	return b.String()
}

// KeyFields is a webhook's natural key as a field → value map, for JSON.
func KeyFields(schema *webhook.Schema, w webhook.Webhook) map[string]string {
	m := make(map[string]string, len(schema.KeyFields))
	for _, name := range schema.KeyFields {
		v, _ := w.Value(name)
		m[name] = webhook.Text(v)
	}
	return m
}

// compareKeys orders webhooks by natural key, field by field.
func compareKeys(schema *webhook.Schema, a, b webhook.Webhook) int {
	for _, name := range schema.KeyFields {
		va, _ := a.Value(name)
		vb, _ := b.Value(name)
		if c := strings.Compare(webhook.Text(va), webhook.Text(vb)); c != 0 {
			return c
		}
	}
	return 0
}

// quoteIfNeeded leaves plain text alone and quotes what would be ambiguous
// on one line: empty text, spaces, quotes, control characters.
func quoteIfNeeded(s string) string {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '"' || r == '=' || !unicode.IsPrint(r)
	}) {
		return strconv.Quote(s)
	}
	return s
}
