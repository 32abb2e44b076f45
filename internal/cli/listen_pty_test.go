//go:build linux

package cli

import (
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/internal/listen"
	"github.com/hookctl/hookctl/internal/output"
)

// On a terminal, once more deliveries have arrived than fit on the screen,
// listen sums them up on one line every 100 deliveries.
func TestListenSummaryLineOnFullTerminal(t *testing.T) {
	e := newTestEnv(t, sandboxProfiles())
	e.vars["HOOKCTL_PROFILE"] = "local-supportbee" // unsigned: each is answered 200
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := e.startPTY("listen", "--addr", addr, "--count", "250", "--compact", "--stop-after", "60s")
	s.expect("listening on")
	for i := 1; i <= 250; i++ {
		body := `{"payload":{"n":` + strconv.Itoa(i) + `}}`
		resp, err := http.Post("http://"+addr+"/", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatalf("delivery %d: %v", i, err)
		}
		resp.Body.Close()
		if i == 99 {
			s.expect(` – 200` + "\r\n")
		}
	}
	out := s.waitCode(0)
	// 40 rows: the first 100 compact lines overflow them.
	if n := strings.Count(out, "── 100 deliveries: 100 ok ──"); n != 1 {
		t.Errorf("the summary at 100 shows %d times\n%s", n, out)
	}
	if n := strings.Count(out, "── 200 deliveries: 200 ok ──"); n != 1 {
		t.Errorf("the summary at 200 shows %d times", n)
	}
	if strings.Contains(out, "── 250") || strings.Contains(out, "── 50 ") {
		t.Error("a summary line off the hundreds")
	}
}

// The summary line comes every 100 deliveries once the screen is full,
// never on a screen tall enough for every delivery.
func TestListenSummaryOnlyWhenScreenFull(t *testing.T) {
	for _, c := range []struct {
		rows int
		want int
	}{{500, 0}, {24, 2}, {0, 0}} { // 0: not a terminal
		var out strings.Builder
		getenv := func(string) string { return "" }
		p := &deliveryPrinter{f: &Factory{IO: NewIOStreams(strings.NewReader(""), &out, io.Discard, getenv)}, mode: modeCompact, rows: c.rows, out: output.NewGroupWriter(&out, maxWaiting, linger)}
		for range 250 {
			p.print(&listen.Delivery{Method: "POST", Path: "/", Status: 200})
		}
		p.close()
		if got := strings.Count(out.String(), "deliveries: "); got != c.want {
			t.Errorf("%d rows: %d summary lines, want %d", c.rows, got, c.want)
		}
	}
}
