package httpx

import (
	"context"
	"testing"
	"time"
)

// fakeClock is a clock that only moves when the limiter sleeps.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }
func (c *fakeClock) sleep(_ context.Context, d time.Duration) error {
	c.t = c.t.Add(d)
	return nil
}

func TestLimiterNeverExceedsTheWindow(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	l := NewLimiter(100, 10*time.Second)
	l.now, l.sleep = clock.now, clock.sleep
	var starts []time.Time
	for i := 0; i < 1000; i++ {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, clock.t)
	}
	for i := 100; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-100]); gap < 10*time.Second {
			t.Fatalf("requests %d and %d are %s apart: 101 requests in one window", i-100, i, gap)
		}
	}
	// 1000 requests at 100 per 10 s need 9 full windows (plus margins), no more.
	if total := starts[len(starts)-1].Sub(starts[0]); total > 91*time.Second {
		t.Fatalf("1000 requests took %s: the limiter wastes its allowance", total)
	}
}

func TestParseRate(t *testing.T) {
	n, w, err := ParseRate("100/10s")
	if err != nil || n != 100 || w != 10*time.Second {
		t.Fatalf("got %d %s %v", n, w, err)
	}
	if n, w, err = ParseRate("5/s"); err != nil || n != 5 || w != time.Second {
		t.Fatalf("5/s: got %d %s %v", n, w, err)
	}
	for _, bad := range []string{"", "100", "x/10s", "10/abc", "-1/s"} {
		if _, _, err := ParseRate(bad); err == nil {
			t.Errorf("ParseRate(%q) accepted", bad)
		}
	}
}

func TestNilLimiterDoesNotWait(t *testing.T) {
	if NewLimiter(0, time.Second) != nil {
		t.Fatal("a zero limit should be no limiter")
	}
	var l *Limiter
	if err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
}
