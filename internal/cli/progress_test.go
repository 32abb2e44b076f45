package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func progressFactory(errTTY bool) (*Factory, *bytes.Buffer) {
	var errOut bytes.Buffer
	return &Factory{IO: &IOStreams{Out: &bytes.Buffer{}, ErrOut: &errOut, errTTY: errTTY}, Opts: &GlobalOptions{}}, &errOut
}

func TestProgressHiddenInPipes(t *testing.T) {
	f, errOut := progressFactory(false)
	p := newProgress(f, "applying", 3)
	p.add(false)
	p.add(true)
	p.add(false)
	p.finish()
	if errOut.Len() != 0 {
		t.Errorf("progress wrote %q to a pipe", errOut.String())
	}
}

func TestProgressOnTerminal(t *testing.T) {
	f, errOut := progressFactory(true)
	p := newProgress(f, "applying", 4)
	clock := time.Unix(0, 0)
	p.now = func() time.Time { return clock }
	p.add(false) // first draw
	p.add(true)  // throttled: same instant
	clock = clock.Add(progressInterval)
	p.add(false) // drawn
	p.add(false) // last item: always drawn
	out := errOut.String()
	if n := strings.Count(out, "\r\x1b[K"); n != 3 {
		t.Errorf("drew %d times, want 3 (one throttled): %q", n, out)
	}
	if !strings.Contains(out, "applying") || !strings.HasSuffix(out, "4/4 100%  1 failed") {
		t.Errorf("last frame = %q", out[strings.LastIndex(out, "\r"):])
	}
	if strings.Contains(out, "\n") {
		t.Errorf("the bar must stay on one line: %q", out)
	}
	p.note("hookctl: a notice")
	p.finish()
	if !strings.Contains(errOut.String(), "\r\x1b[Khookctl: a notice\n") || !strings.HasSuffix(errOut.String(), "\r\x1b[K") {
		t.Errorf("note and finish should clear the bar first: %q", errOut.String())
	}
}

func TestProgressSingleItemHidden(t *testing.T) {
	f, errOut := progressFactory(true)
	p := newProgress(f, "deleting", 1)
	p.add(false)
	p.finish()
	if errOut.Len() != 0 {
		t.Errorf("a single item needs no bar: %q", errOut.String())
	}
}
