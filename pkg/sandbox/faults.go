package sandbox

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// faults decides which requests are slowed, failed, dropped or rate limited.
type faults struct {
	mu       sync.Mutex
	rand     *rand.Rand
	now      func() time.Time
	failRate float64
	dropRate float64
	limit    int
	window   time.Duration
	buckets  map[string]*bucket
}

// bucket is one credential's fixed rate-limit window.
type bucket struct {
	start time.Time
	n     int
}

func newFaults(opts Options) *faults {
	r := opts.Rand
	if r == nil {
		seed := uint64(time.Now().UnixNano())
		r = rand.New(rand.NewPCG(seed, seed>>1|1))
	}
	return &faults{
		rand: r, now: opts.Now,
		failRate: opts.FailRate, dropRate: opts.DropRate,
		limit: opts.RateLimit, window: opts.RateWindow,
		buckets: map[string]*bucket{},
	}
}

// roll reports true with probability p. It draws from the random source
// only when 0 < p < 1, so a seeded run is reproducible.
func (f *faults) roll(p float64) bool {
	switch {
	case p <= 0:
		return false
	case p >= 1:
		return true
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rand.Float64() < p
}

// allow counts a request against key's window and reports whether it is
// within the limit, and if not how long until the window resets.
func (f *faults) allow(key string) (bool, time.Duration) {
	if f.limit <= 0 {
		return true, 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	b := f.buckets[key]
	if b == nil || now.Sub(b.start) >= f.window || now.Before(b.start) {
		if len(f.buckets) > 4096 {
			for k, old := range f.buckets {
				if now.Sub(old.start) >= f.window {
					delete(f.buckets, k)
				}
			}
		}
		b = &bucket{start: now}
		f.buckets[key] = b
	}
	b.n++
	if b.n <= f.limit {
		return true, 0
	}
	return false, b.start.Add(f.window).Sub(now)
}

// RetryAfter renders a wait as a Retry-After value: whole seconds, at
// least 1.
func RetryAfter(d time.Duration) string {
	return strconv.Itoa(int(math.Max(1, math.Ceil(d.Seconds()))))
}

// writeDropped sends the status line, headers (announcing the full length)
// and half the body, then closes the connection. Where the connection
// cannot be hijacked (HTTP/2) it aborts the handler the way net/http
// documents, which resets the stream.
func (s *Sandbox) writeDropped(w http.ResponseWriter, out *outcome) {
	body := out.body.Bytes()
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		for k, v := range out.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
		w.WriteHeader(out.status)
		_, _ = w.Write(body[:len(body)/2])
		_ = http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	if len(body) == 0 {
		// Nothing to cut in half: stop inside the status line.
		_, _ = buf.WriteString("HTTP/1.1 ")
		_ = buf.Flush()
		return
	}
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", out.status, http.StatusText(out.status))
	h := out.header.Clone()
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Connection", "close")
	_ = h.Write(buf)
	_, _ = buf.WriteString("\r\n")
	_, _ = buf.Write(body[:len(body)/2])
	_ = buf.Flush()
}
