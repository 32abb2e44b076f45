package kit

import (
	"fmt"
	"net/url"
)

// MaxListBytes bounds the answers of one listing, all pages together: a
// backend (or something pretending to be one) that sends page after page
// of megabytes gets a clear error, not all of the machine's memory.
const MaxListBytes = 64 << 20

// MaxPages bounds the number of pages of one listing.
const MaxPages = 10000

// Pager keeps one listing within its bounds: at most MaxListBytes of
// answers and MaxPages pages, and never the same page (URL or cursor)
// twice, which a backend whose next page points back would otherwise make
// an endless loop. The zero value is ready to use.
type Pager struct {
	// MaxBytes replaces MaxListBytes when positive (tests).
	MaxBytes int64
	seen     map[string]bool
	bytes    int64
	pages    int
}

// Next records a page about to be fetched, named by its URL or cursor, and
// fails when the listing has already fetched it.
func (p *Pager) Next(page string) error {
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	if p.seen[page] {
		return fmt.Errorf("the backend's next page is one it has already sent (%s): stopping the listing", clipPage(page))
	}
	p.seen[page] = true
	p.pages++
	if p.pages > MaxPages {
		return fmt.Errorf("more than %d pages: stopping the listing", MaxPages)
	}
	return nil
}

// Read records n bytes of answer and fails once the listing is over its
// bound.
func (p *Pager) Read(n int) error {
	max := p.MaxBytes
	if max <= 0 {
		max = MaxListBytes
	}
	p.bytes += int64(n)
	if p.bytes > max {
		return fmt.Errorf("the listing's answers passed %d MiB in all: stopping (is the backend sending the same pages again?)", max>>20)
	}
	return nil
}

// clipPage shortens a page's name for a message, without its query (which
// may hold a credential).
func clipPage(page string) string {
	if u, err := url.Parse(page); err == nil && u.Host != "" {
		u.RawQuery = ""
		page = u.String()
	}
	if len(page) > 80 {
		page = page[:80] + "…"
	}
	return page
}
