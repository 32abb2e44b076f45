package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progressInterval throttles redraws of the progress bar.
const progressInterval = 100 * time.Millisecond

// progressWidth is the bar's width in cells.
const progressWidth = 30

// progress is a one-line bar on stderr, rewritten in place with \r. It is
// drawn only when stderr is a terminal: in pipes and logs it prints nothing.
// It is safe for concurrent use.
type progress struct {
	mu           sync.Mutex
	w            io.Writer
	verb         string
	total        int
	done, failed int
	enabled      bool
	drawn        bool
	last         time.Time
	now          func() time.Time
}

// newProgress returns the bar for a bulk run of total items; it stays
// hidden unless stderr is a terminal and there is more than one item.
func newProgress(f *Factory, verb string, total int) *progress {
	return &progress{w: f.IO.ErrOut, verb: verb, total: total, enabled: f.IO.IsStderrTTY() && total > 1, now: time.Now}
}

// add counts one finished item and redraws, at most every progressInterval
// (always for the last item).
func (p *progress) add(failed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if failed {
		p.failed++
	}
	if !p.enabled {
		return
	}
	if now := p.now(); p.done == p.total || now.Sub(p.last) >= progressInterval {
		p.last = now
		p.draw()
	}
}

// note prints a line on stderr without garbling the bar.
func (p *progress) note(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	fmt.Fprintln(p.w, msg)
	if p.enabled && p.done > 0 {
		p.draw()
	}
}

// finish erases the bar, leaving the line for the summary.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

func (p *progress) draw() {
	filled := progressWidth * p.done / max(p.total, 1)
	bar := strings.Repeat("█", filled) + strings.Repeat("░", progressWidth-filled)
	line := fmt.Sprintf("\r\x1b[K%s %s %d/%d %3d%%", p.verb, bar, p.done, p.total, 100*p.done/max(p.total, 1))
	if p.failed > 0 {
		line += fmt.Sprintf("  %d failed", p.failed)
	}
	_, _ = io.WriteString(p.w, line)
	p.drawn = true
}

func (p *progress) clear() {
	if p.drawn {
		_, _ = io.WriteString(p.w, "\r\x1b[K")
		p.drawn = false
	}
}
