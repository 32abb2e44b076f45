package github

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// testAPI serves an Emulator and talks to it as a GitHub client would.
type testAPI struct {
	t   *testing.T
	srv *httptest.Server
}

func newTestAPI(t *testing.T, opts Options) *testAPI {
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 5 * time.Second}
	}
	srv := httptest.NewServer(New(opts))
	t.Cleanup(srv.Close)
	return &testAPI{t: t, srv: srv}
}

func (a *testAPI) do(method, path, body string) (int, http.Header, string) {
	a.t.Helper()
	req, _ := http.NewRequest(method, a.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// receiver records the deliveries it gets and answers status.
type receiver struct {
	mu     sync.Mutex
	got    []*http.Request
	bodies [][]byte
	status int
	srv    *httptest.Server
}

func newReceiver(t *testing.T, status int) *receiver {
	r := &receiver{status: status}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got, r.bodies = append(r.got, req), append(r.bodies, b)
		r.mu.Unlock()
		w.Header().Set("X-Answer", "yes")
		w.WriteHeader(r.status)
		fmt.Fprint(w, `{"ok":true}`)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func TestRateLimitHeaders(t *testing.T) {
	a := newTestAPI(t, Options{})
	_, h, _ := a.do("GET", "/repos/o/r/hooks", "")
	_, h2, _ := a.do("GET", "/repos/o/r/hooks", "")
	if h.Get("X-RateLimit-Limit") != "5000" || h.Get("X-RateLimit-Remaining") != "4999" || h2.Get("X-RateLimit-Remaining") != "4998" ||
		h.Get("X-RateLimit-Used") != "1" || h.Get("X-RateLimit-Resource") != "core" || h.Get("X-RateLimit-Reset") == "" {
		t.Errorf("headers %v then %v", h, h2)
	}
}

func TestSecondaryLimitCountsContentCreatingRequests(t *testing.T) {
	now := time.Unix(1000, 0)
	a := newTestAPI(t, Options{SecondaryLimit: 2, SecondaryWindow: time.Minute, Now: func() time.Time { return now }})
	for i := range 2 {
		if code, _, body := a.do("POST", "/repos/o/r/hooks", fmt.Sprintf(`{"config":{"url":"https://e.com/%d"}}`, i)); code != 201 {
			t.Fatalf("create %d: %d %s", i, code, body)
		}
	}
	if code, _, _ := a.do("GET", "/repos/o/r/hooks", ""); code != 200 {
		t.Errorf("a read counted against the secondary limit: %d", code)
	}
	code, h, body := a.do("POST", "/repos/o/r/hooks", `{"config":{"url":"https://e.com/3"}}`)
	if code != 403 || h.Get("Retry-After") != "60" || !strings.Contains(body, "secondary rate limit") {
		t.Errorf("third create: %d %v %s", code, h, body)
	}
	now = now.Add(61 * time.Second)
	if code, _, _ := a.do("POST", "/repos/o/r/hooks", `{"config":{"url":"https://e.com/3"}}`); code != 201 {
		t.Errorf("after the window: %d", code)
	}
}

// PATCH of the hook with a config replaces the whole config: the secret
// goes, content_type falls back to form. PATCH of …/config merges.
func TestPatchReplacesConfigButConfigEndpointMerges(t *testing.T) {
	a := newTestAPI(t, Options{})
	_, _, body := a.do("POST", "/repos/o/r/hooks", `{"config":{"url":"https://e.com/a","content_type":"json","secret":"s"},"events":["push"]}`)
	var h struct{ ID int64 }
	_ = json.Unmarshal([]byte(body), &h)
	p := fmt.Sprintf("/repos/o/r/hooks/%d", h.ID)
	_, _, body = a.do("PATCH", p+"/config", `{"url":"https://e.com/b"}`)
	if !strings.Contains(body, `"secret":"********"`) || !strings.Contains(body, `"content_type":"json"`) {
		t.Errorf("config PATCH lost keys: %s", body)
	}
	_, _, body = a.do("PATCH", p, `{"config":{"url":"https://e.com/c"},"add_events":["issues"],"remove_events":["push"]}`)
	if strings.Contains(body, "secret") || !strings.Contains(body, `"content_type":"form"`) || !strings.Contains(body, `"events":["issues"]`) {
		t.Errorf("hook PATCH with config: %s", body)
	}
}

func TestCreateValidation(t *testing.T) {
	a := newTestAPI(t, Options{})
	for _, tc := range []struct{ path, body, want string }{
		{"/repos/o/r/hooks", `{}`, "Config must contain URL for webhooks"},
		{"/repos/o/r/hooks", `{"config":{"url":"ftp://x"}}`, "url is not a valid URL"},
		{"/repos/o/r/hooks", `{"config":{"url":"https://x","content_type":"xml"}}`, "content_type must be json or form"},
		{"/repos/o/r/hooks", `{"name":"travis","config":{"url":"https://x"}}`, "Invalid name"},
		{"/repos/o/r/hooks", `{"config":{"url":"https://x"},"events":["nope"]}`, `Invalid event: \"nope\"`},
		{"/repos/o/r/hooks", `{"config":{"url":"https://x"},"active":"yes"}`, "is not a boolean"},
		{"/orgs/acme/hooks", `{"config":{"url":"https://x"}}`, `"code":"missing_field","field":"name"`},
	} {
		code, _, body := a.do("POST", tc.path, tc.body)
		if code != 422 || !strings.Contains(body, tc.want) {
			t.Errorf("POST %s %s: %d %s; want 422 %s", tc.path, tc.body, code, body, tc.want)
		}
	}
}

// Pings, test pushes and redeliveries are really delivered, signed, and
// logged; the log pages with a cursor, newest first.
func TestDeliveriesLog(t *testing.T) {
	recv := newReceiver(t, 202)
	a := newTestAPI(t, Options{})
	_, _, body := a.do("POST", "/repos/o/r/hooks", fmt.Sprintf(`{"config":{"url":%q,"content_type":"json","secret":"k"}}`, recv.srv.URL+"/in"))
	var h struct{ ID int64 }
	_ = json.Unmarshal([]byte(body), &h)
	p := fmt.Sprintf("/repos/o/r/hooks/%d", h.ID)
	if code, _, _ := a.do("POST", p+"/pings", ""); code != 204 {
		t.Fatalf("ping: %d", code)
	}
	if code, _, _ := a.do("POST", p+"/tests", ""); code != 204 {
		t.Fatalf("test: %d", code)
	}
	if len(recv.got) != 3 { // create's ping, the ping, the push
		t.Fatalf("%d deliveries received", len(recv.got))
	}
	r, b := recv.got[2], recv.bodies[2]
	mac := hmac.New(sha256.New, []byte("k"))
	mac.Write(b)
	if r.Header.Get("X-Hub-Signature-256") != "sha256="+hex.EncodeToString(mac.Sum(nil)) || r.Header.Get("X-GitHub-Event") != "push" ||
		r.Header.Get("X-GitHub-Hook-ID") != fmt.Sprint(h.ID) || r.Header.Get("X-GitHub-Delivery") == "" ||
		!strings.HasPrefix(r.Header.Get("User-Agent"), "GitHub-Hookshot/") {
		t.Errorf("push delivery headers %v", r.Header)
	}
	_, hdr, body := a.do("GET", p+"/deliveries?per_page=2", "")
	var page []struct {
		ID         int64
		Event      string
		StatusCode int `json:"status_code"`
		Status     string
		Redelivery bool
		GUID       string
	}
	_ = json.Unmarshal([]byte(body), &page)
	if len(page) != 2 || page[0].Event != "push" || page[1].Event != "ping" || page[0].StatusCode != 202 || page[0].Status != "OK" {
		t.Fatalf("first page %s", body)
	}
	link := hdr.Get("Link")
	if !strings.Contains(link, `rel="next"`) || !strings.Contains(link, "cursor=v1_") {
		t.Fatalf("Link %q", link)
	}
	cursor := link[strings.Index(link, "cursor="):strings.Index(link, ">")]
	_, hdr, body = a.do("GET", p+"/deliveries?per_page=2&"+cursor, "")
	var rest []struct{ ID int64 }
	_ = json.Unmarshal([]byte(body), &rest)
	if len(rest) != 1 || hdr.Get("Link") != "" {
		t.Errorf("second page %s (Link %q)", body, hdr.Get("Link"))
	}
	code, _, one := a.do("GET", fmt.Sprintf("%s/deliveries/%d", p, page[0].ID), "")
	if code != 200 || !strings.Contains(one, `"request":{"headers":{`) || !strings.Contains(one, `"ref":"refs/heads/main"`) || !strings.Contains(one, `"X-Answer":"yes"`) {
		t.Errorf("one delivery: %d %s", code, one)
	}
	if code, _, _ := a.do("POST", fmt.Sprintf("%s/deliveries/%d/attempts", p, page[0].ID), ""); code != 202 {
		t.Errorf("redeliver: %d", code)
	}
	if len(recv.got) != 4 || recv.got[3].Header.Get("X-GitHub-Delivery") != recv.got[2].Header.Get("X-GitHub-Delivery") {
		t.Errorf("the redelivery is not the same delivery again")
	}
	_, _, body = a.do("GET", p+"/deliveries?per_page=1", "")
	if !strings.Contains(body, `"redelivery":true`) {
		t.Errorf("newest delivery %s", body)
	}
	_, _, hook := a.do("GET", p, "")
	if !strings.Contains(hook, `"last_response":{"code":202,"status":"active","message":"OK"}`) {
		t.Errorf("last_response: %s", hook)
	}
	if code, _, _ := a.do("GET", p+"/deliveries/1", ""); code != 404 {
		t.Errorf("unknown delivery: %d", code)
	}
}

func TestOnlyLoopbackIsDeliveredTo(t *testing.T) {
	a := newTestAPI(t, Options{})
	_, _, body := a.do("POST", "/orgs/acme/hooks", `{"name":"web","config":{"url":"https://example.com/x"}}`)
	var h struct{ ID int64 }
	_ = json.Unmarshal([]byte(body), &h)
	p := fmt.Sprintf("/orgs/acme/hooks/%d", h.ID)
	if code, _, _ := a.do("POST", p+"/pings", ""); code != 204 {
		t.Fatalf("ping: %d", code)
	}
	_, _, body = a.do("GET", p+"/deliveries", "")
	// Not GitHub's "failed to connect to host": the sandbox says why.
	if !strings.Contains(body, `"status":"not delivered: the sandbox sends only to loopback addresses`) || !strings.Contains(body, `"status_code":0`) {
		t.Errorf("deliveries %s", body)
	}
	if code, _, _ := a.do("POST", p+"/tests", ""); code != 404 {
		t.Errorf("tests on an organization's hook: %d, want 404", code)
	}
}

// An X-GitHub-Api-Version GitHub does not serve is answered 400, as GitHub
// does; a served one, or none, is not.
func TestUnsupportedAPIVersion(t *testing.T) {
	e := New(Options{})
	for v, want := range map[string]int{"2021-01-01": http.StatusBadRequest, "2022-11-28": http.StatusOK, "": http.StatusOK} {
		r := httptest.NewRequest(http.MethodGet, "/repos/o/r/hooks", nil)
		r.Header.Set("Authorization", "Bearer "+Token)
		if v != "" {
			r.Header.Set("X-GitHub-Api-Version", v)
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("version %q: %d, want %d (%s)", v, w.Code, want, w.Body)
		}
	}
}
