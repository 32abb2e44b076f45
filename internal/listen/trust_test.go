package listen

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/signature"
)

// githubDelivery is a GitHub delivery of body signed with "s", with id as
// its X-GitHub-Delivery ("" for none).
func githubDelivery(target, id string, body []byte) *http.Request {
	h := http.Header{signature.GitHubHeader: {signature.GitHubSign("s", body)}, "X-Github-Event": {"push"}}
	if id != "" {
		h.Set(signature.GitHubDeliveryHeader, id)
	}
	return delivery(target, body, h)
}

// A delivery is remembered only once answered 2xx: the vendor's
// redelivery of one the app failed (same X-GitHub-Delivery, same body) is
// forwarded; once the app took it, the same delivery is refused.
func TestHandlerRemembersOnlyAnswered(t *testing.T) {
	var status atomic.Int32
	status.Store(http.StatusInternalServerError)
	var got atomic.Int32
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		w.WriteHeader(int(status.Load()))
	}))
	defer app.Close()
	target, _ := ParseForwardURL(app.URL)
	v := Verifier{Dialect: "github", Secret: "s", Seen: &Seen{}}
	srv, rec := serve(t, &Handler{Verifier: v, RequireVerified: true, Forwarder: NewForwarder(target, nil)})
	body := []byte(`{"ref":"refs/heads/main","after":"1"}`)
	send := func() int {
		r := githubDelivery(srv.URL+"/", "d-1", body)
		r.RequestURI = ""
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := send(); s != 500 {
		t.Fatalf("first try: %d, want the app's 500", s)
	}
	status.Store(http.StatusOK)
	if s := send(); s != 200 {
		t.Fatalf("redelivery after the app failed: %d, want 200 (%s)", s, rec.got[1].Verification.Detail)
	}
	if s := send(); s != 401 {
		t.Fatalf("the same delivery once answered 2xx: %d, want 401", s)
	}
	if got.Load() != 2 || rec.got[2].Verification.Result != Replayed {
		t.Fatalf("app got %d, want 2; third: %+v", got.Load(), rec.got[2].Verification)
	}
}

// The same signed body is refused again whatever its X-GitHub-Delivery
// says (the signature does not cover it); an Entrust x-sha2 delivery, which
// carries no time, likewise; --require-rfc9421 refuses it outright.
func TestVerifyBodyReplay(t *testing.T) {
	const cb = "http://127.0.0.1:8080/"
	body := []byte(`{"zen":"Keep it simple."}`)
	v := Verifier{Dialect: "github", Secret: "s", Seen: &Seen{}}
	for i, id := range []string{"d-1", "d-2", ""} {
		want := Replayed
		if i == 0 {
			want = Verified
		}
		if got := v.Verify(githubDelivery(cb, id, body), body); got.Result != want {
			t.Fatalf("id %q: %q (%s), want %q", id, got.Result, got.Detail, want)
		}
	}
	sha2 := http.Header{}
	sha2.Set(signature.EntrustSHA2Header, signature.EntrustSHA2Sign("tok", body))
	v = Verifier{Dialect: "entrust", Secret: "tok", Seen: &Seen{}}
	for i, want := range []Result{Verified, Replayed} {
		if got := v.Verify(delivery(cb, body, sha2), body); got.Result != want {
			t.Fatalf("x-sha2 delivery %d: %q, want %q", i+1, got.Result, want)
		}
	}
	v.RequireRFC9421, v.Seen = true, &Seen{}
	if got := v.Verify(delivery(cb, body, sha2), body); got.Result != Failed || !strings.Contains(got.Detail, "RFC 9421") {
		t.Fatalf("x-sha2 alone under RequireRFC9421: %+v", got)
	}
}

// The memory is bounded: past Max deliveries the oldest is forgotten and
// it grows no more; a timestamped key is forgotten once expired.
func TestSeenBounded(t *testing.T) {
	s := &Seen{Max: 100}
	now := time.Unix(1700000000, 0)
	for i := 0; i < 250; i++ {
		c, dup := s.claim([]string{fmt.Sprint("id ", i)}, nil, now, time.Time{})
		if dup != "" {
			t.Fatalf("%d: dup %q", i, dup)
		}
		c.Commit()
	}
	if s.Len() != 100 || len(s.cur)+len(s.old) != 100 {
		t.Fatalf("remembered %d (%d keys), want 100", s.Len(), len(s.cur)+len(s.old))
	}
	if _, dup := s.claim([]string{"id 249"}, nil, now, time.Time{}); dup == "" {
		t.Error("the latest delivery was forgotten")
	}
	c, dup := s.claim([]string{"id 0"}, nil, now, time.Time{})
	if dup != "" {
		t.Error("the oldest delivery is still remembered past Max")
	}
	c.Release()
	c, _ = s.claim([]string{"timed"}, nil, now, now.Add(time.Minute))
	c.Commit()
	if _, dup := s.claim([]string{"timed"}, nil, now.Add(30*time.Second), time.Time{}); dup == "" {
		t.Error("timed key forgotten before it expired")
	}
	if c, dup := s.claim([]string{"timed"}, nil, now.Add(2*time.Minute), time.Time{}); dup != "" || c == nil {
		t.Error("timed key remembered after it expired")
	}
	// A key being answered is held: the same delivery at once is refused.
	s2 := &Seen{}
	c, _ = s2.claim([]string{"k"}, nil, now, time.Time{})
	if _, dup := s2.claim([]string{"k"}, nil, now, time.Time{}); dup == "" {
		t.Error("a delivery being answered is accepted a second time")
	}
	c.Release()
	if _, dup := s2.claim([]string{"k"}, nil, now, time.Time{}); dup != "" {
		t.Error("a released delivery is still refused")
	}
}

// The recorded URL is the receiver's own address, not the Host header a
// sender chose (replay without --to would follow it).
func TestHandlerRecordsOwnURL(t *testing.T) {
	srv, rec := serve(t, &Handler{BaseURL: "http://127.0.0.1:8080"})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/p?q=1", strings.NewReader("{}"))
	req.Host = "attacker.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := rec.got[0].Recording().URL; got != "http://127.0.0.1:8080/p?q=1" {
		t.Fatalf("recorded URL %q", got)
	}
}

// A body that stops before its Content-Length is answered 400 and reported
// incomplete (not 200, or the vendor would not send it again).
func TestHandlerIncompleteBody(t *testing.T) {
	srv, rec := serve(t, &Handler{})
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"half\":")
	_ = c.(*net.TCPConn).CloseWrite()
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", resp.StatusCode)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.got) != 1 || !rec.got[0].Incomplete || string(rec.got[0].Body) != `{"half":` {
		t.Fatalf("reported %+v", rec.got)
	}
	b, _ := json.Marshal(rec.got[0].Recording())
	if !strings.Contains(string(b), `"incomplete":true`) || !strings.Contains(string(b), `"status":400`) {
		t.Fatalf("recording %s", b)
	}
}

// The 502 a sender gets when the app is down names no URL: the
// --forward-to URL's password and token stay local.
func TestHandlerForwardErrorHidesURL(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	target, _ := ParseForwardURL("http://user:pa55word@" + addr + "/hook?token=t0ken")
	srv, rec := serve(t, &Handler{Forwarder: NewForwarder(target, nil)})
	resp, err := http.Post(srv.URL+"/", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 502 || strings.Contains(string(b), "pa55word") || strings.Contains(string(b), "t0ken") || strings.Contains(string(b), addr) {
		t.Fatalf("502 body %q", b)
	}
	for _, n := range rec.notes {
		if strings.Contains(n, "pa55word") || strings.Contains(n, "t0ken") {
			t.Fatalf("note shows a credential: %q", n)
		}
	}
}

// Look-alikes of hookctl's own headers from a sender never reach the app;
// hop-by-hop headers and those Connection names are dropped; the rest go
// as sent, with X-Forwarded-For and -Proto.
func TestForwardHeader(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8080/", nil)
	r.RemoteAddr = "192.0.2.7:5555"
	r.Header = http.Header{
		"X-Hookctl-Verification": {"verified"}, "X_Hookctl_Verification": {"verified"},
		"x-hookctl_verification": {"verified"}, "X-HOOKCTL-Anything": {"1"},
		"Connection": {"close, X-Private"}, "X-Private": {"p"}, "Keep-Alive": {"5"},
		"X-Hub-Signature-256": {"sha256=ab"}, "X-Hookctlx": {"kept"},
	}
	h := ForwardHeader(r)
	for k := range h {
		if IsOwnHeader(k) {
			t.Errorf("%s reaches the app", k)
		}
	}
	for _, k := range []string{"Connection", "X-Private", "Keep-Alive"} {
		if h.Get(k) != "" {
			t.Errorf("%s forwarded", k)
		}
	}
	if h.Get("X-Hub-Signature-256") != "sha256=ab" || h.Get("X-Hookctlx") != "kept" || h.Get("X-Forwarded-For") != "192.0.2.7" || h.Get("X-Forwarded-Proto") != "http" {
		t.Errorf("headers %v", h)
	}
}

// One client cannot hold more than its share of connections: past it, its
// new connections are closed, and another client is still served.
func TestLimitPerClient(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := LimitPerClient(inner, 2)
	defer ln.Close()
	accepted := make(chan net.Conn, 10)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				close(accepted)
				return
			}
			accepted <- c
		}
	}()
	var held []net.Conn
	for i := 0; i < 3; i++ {
		c, err := net.Dial("tcp", inner.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		held = append(held, c)
	}
	a1, a2 := <-accepted, <-accepted
	// The third is closed by the listener: reading it ends.
	_ = held[2].SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := held[2].Read(make([]byte, 1)); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("third connection from one client: %v, want it closed", err)
	}
	// Closing one gives its slot back.
	a1.Close()
	c, err := net.Dial("tcp", inner.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	a3 := <-accepted
	a2.Close()
	a3.Close()
}

// An existing record file others can read is refused; a new one is 0600;
// a write that fails half way leaves no half line.
func TestRecorderWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "open.jsonl")
	if err := os.WriteFile(open, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenRecorder(open); !errors.Is(err, ErrReadable) {
		t.Fatalf("0644 file: %v, want ErrReadable", err)
	}
	path := filepath.Join(dir, "rec.jsonl")
	r, err := OpenRecorder(path)
	if err != nil {
		t.Fatal(err)
	}
	d := &Delivery{Time: time.Unix(1700000000, 0), Method: "POST", Path: "/", Body: []byte(`{"n":1}`), Status: 200}
	if err := r.Record(d); err != nil {
		t.Fatal(err)
	}
	r.f = &fullDisk{File: r.f.(*os.File), room: 10}
	if err := r.Record(d); err == nil {
		t.Fatal("a record on a full disk: no error")
	}
	r.f = r.f.(*fullDisk).File
	if err := r.Record(d); err != nil {
		t.Fatal(err)
	}
	r.Close()
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2 whole ones: %q", len(lines), b)
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Fatalf("half a record: %q", l)
		}
	}
}

// fullDisk writes room bytes, then fails as a full disk does.
type fullDisk struct {
	*os.File
	room int
}

func (f *fullDisk) Write(b []byte) (int, error) {
	if len(b) <= f.room {
		return f.File.Write(b)
	}
	n, _ := f.File.Write(b[:f.room])
	return n, errors.New("no space left on device")
}

// Every key of a delivery is remembered and forgotten with it, however
// many it has, and its body is named by its SHA-256 when replayed.
func TestSeenKeepsEveryKey(t *testing.T) {
	s := &Seen{Max: 2}
	now := time.Unix(1700000000, 0)
	labels := []string{"nonce n", "webhook-id w", "id i", "one more"}
	c, _ := s.claim(labels, []byte("body"), now, time.Time{})
	c.Commit()
	for _, l := range labels {
		if _, dup := s.claim([]string{l}, nil, now, time.Time{}); dup != l {
			t.Errorf("%q: dup %q, want it named", l, dup)
		}
	}
	if _, dup := s.claim(nil, []byte("body"), now, time.Time{}); !strings.HasPrefix(dup, "the same signed body (sha256 230d8358dc8e…)") {
		t.Errorf("the body: dup %q", dup)
	}
	for i := range 2 {
		c, _ := s.claim([]string{fmt.Sprint("later ", i)}, nil, now, time.Time{})
		c.Commit()
	}
	if n := len(s.cur) + len(s.old); n != 2 {
		t.Fatalf("%d keys after the first delivery was forgotten, want 2", n)
	}
}
