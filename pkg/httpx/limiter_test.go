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

func TestLimiterNeverExceedsTheWindowAtTheBackend(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	l := NewLimiter(100, 10*time.Second)
	l.now, l.sleep = clock.now, clock.sleep
	// Each request takes 80 ms; the backend counts it on arrival, anywhere
	// within that time (here: varying), which is what shifted windows before.
	const took = 80 * time.Millisecond
	var arrivals []time.Time
	for i := 0; i < 1000; i++ {
		done, err := l.Wait(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		arrivals = append(arrivals, clock.t.Add(time.Duration(i%5)*took/4))
		clock.t = clock.t.Add(took)
		done()
	}
	for i := 100; i < len(arrivals); i++ {
		if gap := arrivals[i].Sub(arrivals[i-100]); gap < 10*time.Second {
			t.Fatalf("arrivals %d and %d are %s apart: 101 requests in one backend window", i-100, i, gap)
		}
	}
	// 1000 requests at 100 per 10 s need 9 full windows plus margins and
	// one request time each, no more: at least 90 % of the allowed rate.
	total := arrivals[len(arrivals)-1].Sub(arrivals[0])
	if rate := float64(len(arrivals)-100) / total.Seconds(); rate < 9 {
		t.Fatalf("1000 requests took %s (%.2f/s): the limiter wastes its allowance", total, rate)
	}
}

func TestLimiterWaitsForAnInFlightRequest(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	l := NewLimiter(1, time.Second)
	l.now = clock.now
	done, _ := l.Wait(context.Background())
	polls := 0
	l.sleep = func(ctx context.Context, d time.Duration) error {
		polls++
		if polls == 3 {
			done() // the first request is answered while the second waits
		}
		return clock.sleep(ctx, d)
	}
	if _, err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if polls < 3 || clock.t.Before(time.Unix(1, 0)) {
		t.Fatalf("second request started after %d polls at %s: it must wait for the first answer plus a window", polls, clock.t.Sub(time.Unix(0, 0)))
	}
}

func TestLimiterWaitEndsWithTheContext(t *testing.T) {
	l := NewLimiter(1, time.Hour)
	l.Wait(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Wait(ctx); err == nil {
		t.Fatal("Wait ignored a cancelled context")
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
	done, err := l.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	done()
}
