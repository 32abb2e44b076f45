//go:build unix

package listen

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// forwardOnce relays one delivery through f as the handler does.
func forwardOnce(t *testing.T, ctx context.Context, f *Forwarder, body string) (Answer, error) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/hook?x=1", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return f.Forward(ctx, r, []byte(body), Verified)
}

// appServer is an httptest app that counts the connections it accepts.
func appServer(t *testing.T, h http.HandlerFunc) (*Forwarder, *atomic.Int32) {
	t.Helper()
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL + "/app")
	f := NewForwarder(u, nil)
	if f.relay == nil {
		t.Fatal("an http:// app is not relayed over listen's own connections")
	}
	return f, &conns
}

// Deliveries one after another share one kept-alive connection, each
// answer read whole (a chunked one too), the request as it came.
func TestRelayKeepsTheConnection(t *testing.T) {
	var n atomic.Int32
	f, conns := appServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.URL.RequestURI() != "/app?x=1" || r.Header.Get(VerificationHeader) != "verified" || r.Header.Get("User-Agent") != "" {
			http.Error(w, "unexpected request "+r.URL.RequestURI(), http.StatusBadRequest)
			return
		}
		w.Header().Set("X-App", "yes")
		if n.Add(1)%2 == 0 {
			w.(http.Flusher).Flush() // chunked: no Content-Length
		}
		_, _ = w.Write(b)
	})
	for i := range 5 {
		ans, err := forwardOnce(t, context.Background(), f, `{"n":`+string(rune('0'+i))+`}`)
		if err != nil || ans.Status != 200 || string(ans.Body) != `{"n":`+string(rune('0'+i))+`}` || ans.Header.Get("X-App") != "yes" {
			t.Fatalf("delivery %d: %v %+v", i, err, ans)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("5 deliveries took %d connections, want 1", n)
	}
}

// An answer with Connection: close, or too large to read whole, is not
// followed by another request on its connection; the large one is cut
// at 1 MiB without reading the rest.
func TestRelayDropsConnectionsItCannotReuse(t *testing.T) {
	f, conns := appServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Big") != "" {
			w.Header().Set("Content-Length", "104857600")
			_, _ = w.Write(make([]byte, 2*maxAnswer))
			return
		}
		w.Header().Set("Connection", "close")
		_, _ = io.WriteString(w, "bye")
	})
	for i := range 2 {
		if ans, err := forwardOnce(t, context.Background(), f, "{}"); err != nil || string(ans.Body) != "bye" {
			t.Fatalf("delivery %d: %v %+v", i, err, ans)
		}
	}
	r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader("{}"))
	r.Header.Set("X-Big", "1")
	ans, err := f.Forward(context.Background(), r, []byte("{}"), Verified)
	if err != nil || len(ans.Body) != maxAnswer {
		t.Fatalf("a 100 MiB answer: %v, %d bytes", err, len(ans.Body))
	}
	if ans, err := forwardOnce(t, context.Background(), f, "{}"); err != nil || string(ans.Body) != "bye" {
		t.Fatalf("after the large answer: %v %+v", err, ans)
	}
	if n := conns.Load(); n != 4 {
		t.Errorf("4 deliveries whose connections could not be kept took %d connections, want 4", n)
	}
}

// A kept connection the app closed while it was idle (its keep-alive
// timeout) is not used: the next delivery gets through on a new one.
func TestRelaySkipsConnectionsTheAppClosed(t *testing.T) {
	f, conns := appServer(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") })
	if _, err := forwardOnce(t, context.Background(), f, "{}"); err != nil {
		t.Fatal(err)
	}
	// listen's end of the kept connection stops writing: the app's
	// server reads the end and closes its side, as its idle timeout
	// would. Then wait until listen's end can see it.
	pc := <-f.relay.idle
	f.relay.idle <- pc
	if err := pc.c.(*net.TCPConn).CloseWrite(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); open(pc.c); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the closed connection still looks open")
		}
	}
	if ans, err := forwardOnce(t, context.Background(), f, "{}"); err != nil || string(ans.Body) != "ok" {
		t.Fatalf("after the app closed the idle connection: %v %+v", err, ans)
	}
	if n := conns.Load(); n != 2 {
		t.Errorf("%d connections, want 2", n)
	}
}

// Informational answers before the real one are skipped.
func TestRelaySkipsInformationalAnswers(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		req, err := http.ReadRequest(bufio.NewReader(c))
		if err != nil {
			return
		}
		_, _ = io.Copy(io.Discard, req.Body)
		_, _ = io.WriteString(c, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 6\r\n\r\nqueued")
	}()
	u, _ := url.Parse("http://" + ln.Addr().String() + "/app")
	ans, err := forwardOnce(t, context.Background(), NewForwarder(u, nil), "{}")
	if err != nil || ans.Status != 202 || string(ans.Body) != "queued" {
		t.Fatalf("%v %+v", err, ans)
	}
}

// When the sender goes away, a delivery waiting on a slow app ends at
// once, and its connection is not kept.
func TestRelayEndsWithTheSender(t *testing.T) {
	release, arrived := make(chan struct{}), make(chan struct{}, 1)
	f, _ := appServer(t, func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := forwardOnce(t, ctx, f, "{}")
		done <- err
	}()
	<-arrived
	cancel()
	// Without the sender's end, it would wait for the app (30 s) and
	// say it timed out.
	if err := <-done; err == nil || err.Error() != "cancelled" {
		t.Fatalf("once the sender went away: %v, want cancelled", err)
	}
	if n := len(f.relay.idle); n != 0 {
		t.Errorf("%d connections kept after a cancelled delivery", n)
	}
}
