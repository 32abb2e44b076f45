package filevendor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/hookctl/hookctl/pkg/vendorfile"
)

// FormEncode encodes a body as a form the way Stripe nests it: an object's
// members as a[b]=c, a list's items as a[]=x (a list of objects as
// a[0][b]=c), keys sorted.
func FormEncode(v map[string]any) string {
	var parts []string
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				name := k
				if prefix != "" {
					name = prefix + "[" + k + "]"
				}
				walk(name, x[k])
			}
		case []any:
			if len(x) == 0 {
				parts = append(parts, url.QueryEscape(prefix)+"=")
			}
			for i, e := range x {
				if _, nested := e.(map[string]any); nested {
					walk(fmt.Sprintf("%s[%d]", prefix, i), e)
				} else {
					walk(prefix+"[]", e)
				}
			}
		case nil:
			parts = append(parts, url.QueryEscape(prefix)+"=")
		default:
			parts = append(parts, url.QueryEscape(prefix)+"="+url.QueryEscape(fmt.Sprint(x)))
		}
	}
	walk("", v)
	return strings.Join(parts, "&")
}

// jsonString is the string at a dotted path of a JSON body, "" when there
// is none.
func jsonString(body []byte, path string) string {
	var v any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return ""
	}
	s, _ := vendorfile.String(v, path)
	return s
}
