package listen

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder collects what a Handler reports.
type recorder struct {
	mu    sync.Mutex
	got   []*Delivery
	notes []string
}

func (r *recorder) delivery(d *Delivery) { r.mu.Lock(); r.got = append(r.got, d); r.mu.Unlock() }
func (r *recorder) note(s string)        { r.mu.Lock(); r.notes = append(r.notes, s); r.mu.Unlock() }

func serve(t *testing.T, h *Handler) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	h.OnDelivery, h.OnNote = rec.delivery, rec.note
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, rec
}

func do(t *testing.T, method, u, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp
}

func TestHandlerChecksAndDeliveries(t *testing.T) {
	srv, rec := serve(t, &Handler{Path: "/hook", Max: 2})
	if r := do(t, http.MethodHead, srv.URL+"/hook", ""); r.StatusCode != 200 {
		t.Errorf("HEAD = %d, want 200", r.StatusCode)
	}
	if r := do(t, http.MethodGet, srv.URL+"/hook", ""); r.StatusCode != 200 {
		t.Errorf("GET = %d, want 200", r.StatusCode)
	}
	if r := do(t, http.MethodPost, srv.URL+"/other", "{}"); r.StatusCode != 404 {
		t.Errorf("POST outside --path = %d, want 404", r.StatusCode)
	}
	select {
	case <-(&Handler{}).Done():
		t.Fatal("Done closed with no deliveries")
	default:
	}
	do(t, http.MethodPost, srv.URL+"/hook?x=1", `{"payload":{"action_type":"ticket.created"}}`)
	do(t, http.MethodPost, srv.URL+"/hook/sub", `not json`)
	select {
	case <-time.After(5 * time.Second):
		t.Fatal("Done not closed after Max deliveries")
	case <-srvHandler(srv).Done():
	}
	if r := do(t, http.MethodPost, srv.URL+"/hook", "{}"); r.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("delivery past Max = %d, want 503", r.StatusCode)
	}
	if len(rec.got) != 2 {
		t.Fatalf("%d deliveries reported, want 2", len(rec.got))
	}
	d := rec.got[0]
	if d.Path != "/hook?x=1" || d.Event != "ticket.created" || d.Status != 200 || d.Verification.Result != Unsigned {
		t.Errorf("first delivery = %+v", d)
	}
	line, err := json.Marshal(d.Record())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(line), `"body":{"payload":{"action_type":"ticket.created"}}`) || !strings.Contains(string(line), `"verified":false`) {
		t.Errorf("record = %s", line)
	}
	line, _ = json.Marshal(rec.got[1].Record())
	if !strings.Contains(string(line), `"body":"not json"`) {
		t.Errorf("non-JSON body record = %s", line)
	}
	if len(rec.notes) != 3 {
		t.Errorf("notes = %q, want HEAD, GET and 404 notes", rec.notes)
	}
}

func srvHandler(srv *httptest.Server) *Handler { return srv.Config.Handler.(*Handler) }

func TestHandlerForwards(t *testing.T) {
	var gotHeader http.Header
	var gotBody, gotQuery string
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		gotHeader, gotBody, gotQuery = r.Header, string(b), r.URL.RawQuery
		w.Header().Set("X-App", "yes")
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, "queued")
	}))
	defer app.Close()
	target, err := ParseForwardURL(app.URL + "/app?k=v")
	if err != nil {
		t.Fatal(err)
	}
	srv, rec := serve(t, &Handler{Forwarder: NewForwarder(target, nil)})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/in?q=1", strings.NewReader(`{"type":"user.created"}`))
	req.Header.Set("X-Sha2-Signature", "abc")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 202 || string(b) != "queued" || resp.Header.Get("X-App") != "yes" {
		t.Errorf("sender got %d %q %v, want the app's 202 queued", resp.StatusCode, b, resp.Header)
	}
	if gotBody != `{"type":"user.created"}` || gotHeader.Get("X-Sha2-Signature") != "abc" || gotQuery != "k=v&q=1" {
		t.Errorf("app got body %q header %v query %q", gotBody, gotHeader, gotQuery)
	}
	if d := rec.got[0]; !d.Forwarded || d.Status != 202 {
		t.Errorf("delivery = %+v", d)
	}

	app.Close() // the app is down now
	resp2 := do(t, http.MethodPost, srv.URL+"/in", "{}")
	if resp2.StatusCode != http.StatusBadGateway {
		t.Errorf("app down: sender got %d, want 502", resp2.StatusCode)
	}
	if d := rec.got[1]; d.ForwardError == "" || d.Status != 502 {
		t.Errorf("app down: delivery = %+v", d)
	}
}

func TestParseForwardURL(t *testing.T) {
	for in, want := range map[string]string{
		":3000/hook":             "http://localhost:3000/hook",
		"localhost:3000":         "http://localhost:3000",
		"https://app.local/x":    "https://app.local/x",
		"http://127.0.0.1:9/a?b": "http://127.0.0.1:9/a?b",
	} {
		u, err := ParseForwardURL(in)
		if err != nil || u.String() != want {
			t.Errorf("ParseForwardURL(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	for _, bad := range []string{"ftp://x/y", "http://", "://"} {
		if _, err := ParseForwardURL(bad); err == nil {
			t.Errorf("ParseForwardURL(%q) accepted", bad)
		}
	}
}

func TestSummary(t *testing.T) {
	d := &Delivery{
		Time: time.Date(2026, 1, 2, 15, 4, 5, 0, time.Local), Method: "POST", Path: "/hook",
		Body: []byte("{\n  \"action\": {\"type\": \"updateCard\"}\n}"), Event: "updateCard", Status: 200,
		Verification: Verification{Result: Failed, Schemes: []string{"X-Trello-Webhook"}, Detail: "does not match"},
	}
	s := d.Summary(false, 0)
	for _, want := range []string{"15:04:05  POST /hook  updateCard  ✗ signature failed  → 200\n", "does not match", `{"action":{"type":"updateCard"}}`} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "\x1b[") {
		t.Errorf("colour without color: %q", s)
	}
	if c := d.Summary(true, 0); !strings.Contains(c, "\x1b[31m✗") {
		t.Errorf("no red cross with color: %q", c)
	}
	d.Path = "/x\x1b[2J"
	if strings.Contains(d.Summary(false, 0), "\x1b") {
		t.Error("control characters from the request reach the terminal")
	}
}

// With a secret, what is not verified is answered 401 and not forwarded;
// with AcceptUnverified it is forwarded, marked for the app.
func TestHandlerRejectsUnverified(t *testing.T) {
	var marks []string
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		marks = append(marks, r.Header.Get(VerificationHeader))
	}))
	defer app.Close()
	target, _ := ParseForwardURL(app.URL)
	v := Verifier{Dialect: "entrust", Secret: "tok", Seen: &Seen{}}
	srv, rec := serve(t, &Handler{Verifier: v, RequireVerified: true, Forwarder: NewForwarder(target, nil)})
	if r := do(t, http.MethodPost, srv.URL+"/", `{"type":"user.created"}`); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("unsigned with a secret: %d, want 401", r.StatusCode)
	}
	if len(marks) != 0 || !rec.got[0].Rejected || rec.got[0].Status != 401 {
		t.Fatalf("rejected delivery forwarded (%v) or not marked: %+v", marks, rec.got[0])
	}

	srv2, rec2 := serve(t, &Handler{Verifier: v, RequireVerified: true, AcceptUnverified: true, Forwarder: NewForwarder(target, nil)})
	if r := do(t, http.MethodPost, srv2.URL+"/", `{}`); r.StatusCode != http.StatusOK {
		t.Fatalf("accept-unverified: %d, want the app's 200", r.StatusCode)
	}
	if len(marks) != 1 || marks[0] != "failed" || !rec2.got[0].Unverified || rec2.got[0].Rejected {
		t.Fatalf("accept-unverified: marks %v, delivery %+v", marks, rec2.got[0])
	}
}

// A body over 10 MiB is answered 413 and is not a delivery.
func TestHandlerBodyLimit(t *testing.T) {
	srv, rec := serve(t, &Handler{})
	if r := do(t, http.MethodPost, srv.URL+"/", strings.Repeat("x", MaxBody+1)); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("body over the limit: %d, want 413", r.StatusCode)
	}
	if len(rec.got) != 0 || len(rec.notes) != 1 || !strings.Contains(rec.notes[0], "over 10 MiB") {
		t.Fatalf("deliveries %d, notes %q", len(rec.got), rec.notes)
	}
	if r := do(t, http.MethodPost, srv.URL+"/", strings.Repeat("x", MaxBody)); r.StatusCode != http.StatusOK {
		t.Fatalf("body at the limit: %d, want 200", r.StatusCode)
	}
}
