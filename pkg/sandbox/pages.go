package sandbox

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// IntParam reads the query parameter name as an integer: def when it is
// absent, false when it is not a number (the caller answers as its vendor
// does).
func IntParam(v url.Values, name string, def int) (int, bool) {
	s := v.Get(name)
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// PageLinks is the RFC 8288 Link header of page page of a listing of
// total items, perPage a page, as APIs with numbered pages send it: prev,
// next, last and first where they apply, "" for a lone page; url makes a
// page's URL.
func PageLinks(total, perPage, page int, url func(page int) string) string {
	last := max((total+perPage-1)/perPage, 1)
	var links []string
	link := func(p int, rel string) { links = append(links, fmt.Sprintf(`<%s>; rel="%s"`, url(p), rel)) }
	if page > 1 {
		link(page-1, "prev")
	}
	if page < last {
		link(page+1, "next")
		link(last, "last")
	}
	if page > 1 {
		link(1, "first")
	}
	return strings.Join(links, ", ")
}
