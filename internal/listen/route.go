package listen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"strconv"
	"strings"
)

// Route sends the deliveries whose event matches Event (a glob, as
// MatchEvent reads it) to To. A Route with no Event takes the rest.
type Route struct {
	Event string
	To    *Forwarder
}

// Router picks where a delivery goes: the first route whose event glob
// matches, in the order given, else the route without an event (the
// rest), else none.
type Router []Route

// Pick is the Forwarder for a delivery of event, nil when no route takes
// it.
func (rt Router) Pick(event string) *Forwarder {
	var rest *Forwarder
	for _, r := range rt {
		switch {
		case r.Event == "":
			if rest == nil {
				rest = r.To
			}
		case event != "" && MatchEvent([]string{r.Event}, event):
			return r.To
		}
	}
	return rest
}

// SplitRoute reads a --forward-to value: "EVENT=URL" (EVENT a glob such
// as "issues*" or "charge.*") or a bare URL, which takes the rest. What
// comes before the first "=" is an event only when it holds no ":", "/"
// or "?", so a URL with a query ("localhost:3000/hook?a=b") stays whole.
func SplitRoute(raw string) (event, target string, err error) {
	before, after, found := strings.Cut(raw, "=")
	if !found || strings.ContainsAny(before, ":/?") {
		return "", raw, nil
	}
	event = strings.TrimSpace(before)
	if event == "" {
		return "", "", fmt.Errorf("%q names no event before the \"=\" (EVENT=URL, or a URL alone)", raw)
	}
	if _, err := path.Match(event, ""); err != nil {
		return "", "", fmt.Errorf("%q: %q is not a glob: %v", raw, event, err)
	}
	return event, after, nil
}

// A Filter keeps the deliveries whose JSON body holds, at Path (dotted
// keys; a number indexes an array), one of Values. Values are compared
// with the body's value as text: a string as it is, any other value as
// its JSON ("false", "42", "null").
type Filter struct {
	Path   []string
	Values []string
}

// ParseFilters reads --filter PATH=VALUE values. Filters on the same path
// are one Filter taking any of its values; a delivery must pass every
// Filter.
func ParseFilters(raw []string) ([]Filter, error) {
	var out []Filter
	index := map[string]int{}
	for _, s := range raw {
		p, v, found := strings.Cut(s, "=")
		if !found {
			return nil, fmt.Errorf("%q is not PATH=VALUE (e.g. ref=refs/heads/main)", s)
		}
		keys := strings.Split(p, ".")
		for _, k := range keys {
			if k == "" || strings.TrimSpace(k) != k {
				return nil, fmt.Errorf("%q: %q is not a dotted path in the JSON body (e.g. data.object.livemode)", s, p)
			}
		}
		if i, ok := index[p]; ok {
			out[i].Values = append(out[i].Values, v)
			continue
		}
		index[p] = len(out)
		out = append(out, Filter{Path: keys, Values: []string{v}})
	}
	return out, nil
}

// String is the filter as given: "PATH=VALUE", or "PATH=A|B".
func (f Filter) String() string {
	return strings.Join(f.Path, ".") + "=" + strings.Join(f.Values, "|")
}

// MatchFilters reports whether a body passes every filter: it must be
// JSON. No filters pass every body.
func MatchFilters(filters []Filter, body []byte) bool {
	if len(filters) == 0 {
		return true
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return false
	}
	for _, f := range filters {
		got, ok := lookup(doc, f.Path)
		if !ok {
			return false
		}
		match := false
		for _, v := range f.Values {
			if got == v {
				match = true
				break
			}
		}
		if !match {
			return false
		}
	}
	return true
}

// lookup is the value at keys in doc, as text.
func lookup(doc any, keys []string) (string, bool) {
	for _, k := range keys {
		switch v := doc.(type) {
		case map[string]any:
			next, ok := v[k]
			if !ok {
				return "", false
			}
			doc = next
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(v) {
				return "", false
			}
			doc = v[i]
		default:
			return "", false
		}
	}
	switch v := doc.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case nil:
		return "null", true
	case bool:
		return strconv.FormatBool(v), true
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "", false
	}
	return string(b), true
}
