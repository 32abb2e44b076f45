// Package suggest finds the words nearest to a mistyped one, for "did you
// mean" hints.
package suggest

import "strings"

// maxDistance is how many edits away a suggestion may be.
const maxDistance = 2

// Nearest returns the words of list nearest to typed: those at the least
// edit distance (at most 2, ignoring case), else those typed is a prefix
// of; nil when none is close.
func Nearest(typed string, list []string) []string {
	typed = strings.ToLower(typed)
	if typed == "" {
		return nil
	}
	best := maxDistance
	var out []string
	for _, w := range list {
		d := Distance(typed, strings.ToLower(w))
		switch {
		case d > maxDistance || d >= len(typed):
		case d < best:
			best, out = d, []string{w}
		case d == best:
			out = append(out, w)
		}
	}
	if out != nil {
		return out
	}
	for _, w := range list {
		if strings.HasPrefix(strings.ToLower(w), typed) {
			out = append(out, w)
		}
	}
	return out
}

// Phrase is "did you mean A?" or "did you mean A or B?" for the nearest
// words, rendered by quote; "" when none is close.
func Phrase(typed string, list []string, quote func(string) string) string {
	near := Nearest(typed, list)
	if len(near) == 0 {
		return ""
	}
	q := make([]string, len(near))
	for i, w := range near {
		q[i] = quote(w)
	}
	if len(q) == 1 {
		return "did you mean " + q[0] + "?"
	}
	return "did you mean " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1] + "?"
}

// Distance is the Levenshtein distance between a and b, in bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
