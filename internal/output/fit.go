package output

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// colPolicy says how a table column gives way on a narrow terminal: its
// text is cut (shrink, in order), and when cutting to a readable width is
// not enough, low-value columns are left out (drop, in order). Ids are
// neither cut nor dropped.
type colPolicy struct {
	// shrink is the order in which the column is cut (0: never).
	shrink int
	// drop is the order in which the column is left out when the table
	// still does not fit (0: never).
	drop int
	// floor is the width the column keeps before any column is dropped
	// (0: minShrunk); it is cut further only when nothing is left to drop.
	floor int
	// middle cuts the text in its middle, keeping its start (a URL's
	// scheme and host) and its end (the path's last part).
	middle bool
	// relative shows an RFC 3339 time as the time since ("5m ago").
	relative bool
}

// columnPolicies are the policies by table header; a header not listed
// (a record's other columns) is cut after all of these, the first column
// never.
var columnPolicies = map[string]colPolicy{
	"DESCRIPTION": {shrink: 1},
	"URL":         {shrink: 2, middle: true, floor: 30},
	"EVENTS":      {shrink: 3, drop: 7},
	"EVENT":       {shrink: 3},
	"LAST-STATUS": {shrink: 4},
	"STATUS":      {shrink: 4},
	"MODEL":       {drop: 1},
	"GUID":        {drop: 1},
	"REDELIVERY":  {drop: 2},
	"FAILURES":    {drop: 3},
	"DURATION":    {drop: 4},
	"DELIVERED":   {relative: true, drop: 5},
	"SIGNED":      {drop: 3},
	"TIME":        {drop: 4},
}

// policiesOf are the policies of a table's columns.
func policiesOf(headers []string) []colPolicy {
	out := make([]colPolicy, len(headers))
	for i, h := range headers {
		p, ok := columnPolicies[h]
		switch {
		case h == "ID", !ok && i == 0:
			p = colPolicy{}
		case !ok:
			p = colPolicy{shrink: 9}
		}
		out[i] = p
	}
	return out
}

// fitColumns decides which columns a table of widths shows on a terminal
// of total columns and how wide each may be: keep[i] false leaves column i
// out. The lowest-value columns (drop 1 and 2: MODEL, GUID, REDELIVERY)
// go before any text is cut; then columns are cut in their policy's order
// down to their floor; then other low-value columns (drop 3 and 4) go;
// then the rest is cut down to minShrunk, a URL last; and only then does a
// column of last resort (drop 5 and up) go.
func fitColumns(widths []int, headers []string, pol []colPolicy, total int) (limits []int, keep []bool) {
	keep = make([]bool, len(widths))
	for i := range keep {
		keep[i] = true
	}
	nextDrop := func(upTo int) int {
		next := -1
		for i, p := range pol {
			if keep[i] && p.drop > 0 && p.drop <= upTo && (next < 0 || p.drop < pol[next].drop) {
				next = i
			}
		}
		return next
	}
	uncut := func() int {
		sum, kept := 0, 0
		for i, w := range widths {
			if keep[i] {
				sum += w
				kept++
			}
		}
		return sum + len(columnGap)*max(0, kept-1)
	}
	for uncut() > total {
		next := nextDrop(2)
		if next < 0 {
			break
		}
		keep[next] = false
	}
	for {
		if limits, ok := fitKept(widths, headers, pol, keep, total, atFloor); ok {
			return limits, keep
		}
		if next := nextDrop(4); next >= 0 {
			keep[next] = false
			continue
		}
		if limits, ok := fitKept(widths, headers, pol, keep, total, belowFloor); ok {
			return limits, keep
		}
		next := nextDrop(1 << 30)
		if next < 0 {
			limits, _ := fitKept(widths, headers, pol, keep, total, atMinimum)
			return limits, keep
		}
		keep[next] = false
	}
}

// How far fitKept may cut a column that has a floor (a URL).
const (
	atFloor    = iota // to its floor
	belowFloor        // to two thirds of it: still its host
	atMinimum         // to minShrunk, as any other
)

// fitKept cuts the kept columns to fit total, each down to minShrunk and a
// column with a floor only as far as level allows, and reports whether
// they fit.
func fitKept(widths []int, headers []string, pol []colPolicy, keep []bool, total int, level int) ([]int, bool) {
	limits := append([]int(nil), widths...)
	floor := make([]int, len(widths))
	sum, kept := 0, 0
	for i, w := range widths {
		if !keep[i] {
			continue
		}
		f := minShrunk
		switch {
		case level == atFloor && pol[i].floor > 0:
			f = pol[i].floor
		case level == belowFloor && pol[i].floor > 0:
			f = max(minShrunk, pol[i].floor*2/3)
		}
		floor[i] = min(w, max(runewidth.StringWidth(headers[i]), f))
		sum += w
		kept++
	}
	sum += len(columnGap) * max(0, kept-1)
	// Past the floors, a column with a floor (a URL) gives way last.
	order := func(i int) int {
		if level != atFloor && pol[i].floor > 0 {
			return pol[i].shrink + 100
		}
		return pol[i].shrink
	}
	for sum > total {
		next := -1
		for i := range limits {
			if !keep[i] || pol[i].shrink == 0 || limits[i] <= floor[i] {
				continue
			}
			if next < 0 || order(i) < order(next) || (order(i) == order(next) && limits[i] > limits[next]) {
				next = i
			}
		}
		if next < 0 {
			return limits, false
		}
		limits[next]--
		sum--
	}
	return limits, true
}

// truncateMiddle cuts s to at most n display columns in its middle: a
// URL keeps its scheme, host and first slash, "…", and the end of its
// path ("https://hooks.example.com/…/on?x=1"); where that is too wide, its
// host without the scheme ("hooks.example.com/…x=1", or the host cut at
// its end). Other text is cut at its end.
func truncateMiddle(s string, n int) string {
	if runewidth.StringWidth(s) <= n {
		return s
	}
	i := strings.Index(s, "://")
	if i < 0 {
		return truncate(s, n)
	}
	j := strings.IndexByte(s[i+3:], '/')
	if j < 0 {
		return truncate(s[i+3:], n)
	}
	for _, head := range []string{s[:i+3+j+1], s[i+3 : i+3+j+1]} {
		hw := runewidth.StringWidth(head)
		if hw+1+3 > n {
			continue
		}
		tail := s[len(s[:i+3+j+1]):]
		room := n - hw - 1
		for runewidth.StringWidth(tail) > room {
			_, size := utf8.DecodeRuneInString(tail)
			tail = tail[size:]
		}
		return head + "…" + tail
	}
	return truncate(s[i+3:], n)
}

// relativeTime shows an RFC 3339 time as the time from it to now ("45s
// ago", "3m ago", "2h ago", "5d ago"); other text is left as it is.
func relativeTime(s string, now time.Time) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	d := now.Sub(t)
	switch {
	case d < 0:
		return s
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s ago"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m ago"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h ago"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + "d ago"
}
