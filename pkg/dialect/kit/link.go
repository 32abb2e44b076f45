package kit

import (
	"fmt"
	"net/url"
	"strings"
)

// LinkNext returns the rel="next" target of an RFC 8288 Link header, "" if
// there is none.
func LinkNext(header string) string {
	for _, part := range splitLinks(header) {
		target, params, ok := strings.Cut(part, ";")
		target = strings.TrimSpace(target)
		if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
			continue
		}
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "rel") {
				for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(v), `"`)) {
					if strings.EqualFold(rel, "next") {
						return target[1 : len(target)-1]
					}
				}
			}
		}
	}
	return ""
}

// splitLinks splits a Link header on the commas between links (a comma
// inside <…> belongs to a URL).
func splitLinks(h string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(h); i++ {
		switch h[i] {
		case '<':
			depth++
		case '>':
			if depth > 0 {
				depth--
			}
		case ',':
			if depth == 0 {
				out = append(out, h[start:i])
				start = i + 1
			}
		}
	}
	return append(out, h[start:])
}

// SameOrigin checks that next (a page URL the backend sent) is on base's
// scheme and host, so credentials are never sent elsewhere; a relative
// next is resolved against base.
func SameOrigin(base, next string) (string, error) {
	b, berr := url.Parse(base)
	u, err := url.Parse(next)
	if err == nil && berr == nil && !u.IsAbs() && u.Host == "" {
		u = b.ResolveReference(u)
	}
	if err != nil || berr != nil || !strings.EqualFold(u.Scheme, b.Scheme) || !strings.EqualFold(u.Host, b.Host) {
		return "", fmt.Errorf("the backend's next page is not on %s://%s: refusing to follow it", b.Scheme, b.Host)
	}
	return u.String(), nil
}
