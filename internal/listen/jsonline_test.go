package listen

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"
)

// encodeJSON is how encoding/json writes v with HTML left alone: the
// reference the hand-written lines are held to.
func encodeJSON(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// hideAuth hides Authorization, as a token header would be.
func hideAuth(name string) bool { return strings.EqualFold(name, "Authorization") }

// checkLines compares both lines of d with encoding/json's.
func checkLines(t *testing.T, d *Delivery) {
	t.Helper()
	rec := d.Record()
	for k := range rec.Headers {
		if hideAuth(k) {
			rec.Headers[k] = "[REDACTED]"
		}
	}
	if got, want := d.AppendJSON(nil, hideAuth), encodeJSON(t, rec); !bytes.Equal(got, want) {
		t.Errorf("AppendJSON:\n got %q\nwant %q", got, want)
	}
	if got, want := d.AppendRecording(nil), encodeJSON(t, d.Recording()); !bytes.Equal(got, want) {
		t.Errorf("AppendRecording:\n got %q\nwant %q", got, want)
	}
	// What is already in dst stays.
	if got := d.AppendRecording([]byte("x")); got[0] != 'x' || !bytes.Equal(got[1:], d.AppendRecording(nil)) {
		t.Errorf("AppendRecording after a prefix: %q", got)
	}
}

// awkward is text that JSON escapes, or that encoding/json rewrites.
var awkward = []string{
	"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rcr", "\b\f\x00\x01\x1f\x7f",
	"<html> & </html>", "café ✓ 日本", "\u2028\u2029", "bad \xff\xfe utf-8", "\xe2\x80", "\xc2\x85 C1 \xc2\x9b",
	"\u00a0nbsp\u00a0", "emoji 🎉", strings.Repeat("long ", 300),
}

var bodies = []string{
	"", " ", "\n\t ", `{"a":1}`, "{\n  \"a\": [1, 2, {\"b\": \"c d\"}],\n  \"e\": null\n}\n",
	`  [1,2,3]  `, `"just a string"`, `42`, `{"a":1`, `{"a":1}}`, "not json at all", "\v{\"a\":1}\v",
	"\u00a0{\"a\":1}\u00a0", "{\"x\":\"\xff\"}", "\xff\xfe\xfd binary \x00", `{"h":"<b>&amp;</b>","u":"\u2028"}`,
	"{\"s\":\"\u2028 raw\"}", "a=1&b=2", `"\ud800 lone"`, `{"a":1,"a":2}`, `-0.1e+10`, `01`, `{"a":1,}`, `[1 2]`,
	`tru`, "\"ctl \x01\"", `"\x"`, `{"a" : [ true , false , null ] }`, `1e999`, `[]`, `{}`, `""`, `"\u00e9\/"`, `{"deep":` + strings.Repeat(`[`, 50) + strings.Repeat(`]`, 50) + `}`,
}

func TestLinesAreEncodingJSONs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	results := []Result{Verified, Failed, Expired, Replayed, Unsigned, NoSecret}
	paths := []string{"/", "/hook", "/hook?a=1&b=%20c", "/p%20q/r?x", "/%zz", "/a?b=\xff"}
	for i := range 2000 {
		d := &Delivery{
			Time:   time.Date(2026, 12, 7, 10, 0, 0, rng.IntN(1e9), time.FixedZone("X", 3600*rng.IntN(5))),
			Method: pick([]string{"POST", "PUT", "PATCH"}),
			URL:    "http://127.0.0.1:8080" + pick(paths),
			Path:   pick(paths),
			Body:   []byte(pick(bodies)),
			Event:  pick(awkward),
			Status: oneOf(rng, 200, 401, 502),
		}
		if i%7 != 0 {
			d.Header = http.Header{}
			for range rng.IntN(6) {
				k := pick([]string{"Content-Type", "X-Hub-Signature-256", "Authorization", "X-Weird", "x-lower", "A\xffB"})
				for range 1 + rng.IntN(3) {
					d.Header[k] = append(d.Header[k], pick(awkward))
				}
			}
		}
		d.Verification = Verification{Result: results[rng.IntN(len(results))], Detail: pick(awkward)}
		switch rng.IntN(3) {
		case 1:
			d.Verification.Schemes = []string{}
		case 2:
			d.Verification.Schemes = []string{"X-Hub-Signature-256", pick(awkward)}
		}
		if rng.IntN(2) == 0 {
			d.App = &AppAnswer{URL: "http://localhost:3000/" + pick(awkward), Status: oneOf(rng, 0, 200, 500),
				Elapsed: time.Duration(rng.Int64N(int64(3 * time.Second))), Body: pick(awkward), Error: pick(awkward)}
		}
		d.Forwarded, d.Rejected, d.Unverified = rng.IntN(2) == 0, rng.IntN(2) == 0, rng.IntN(2) == 0
		d.Incomplete, d.Filtered, d.Unrouted = rng.IntN(2) == 0, rng.IntN(2) == 0, rng.IntN(2) == 0
		d.ForwardError = pick(awkward)
		checkLines(t, d)
		if t.Failed() {
			t.Fatalf("delivery %d differs", i)
		}
	}
}

func oneOf[T any](rng *rand.Rand, xs ...T) T { return xs[rng.IntN(len(xs))] }

func TestAppendFloatIsEncodingJSONs(t *testing.T) {
	for _, f := range []float64{0, 0.001, 1.5, 12.345, 1e-7, 123456789, 1e21, 1.5e22, 2.5e-9, -3.25} {
		if got, want := string(appendFloat(nil, f)), strings.TrimSpace(string(encodeJSON(t, f))); got != want {
			t.Errorf("appendFloat(%v) = %s, want %s", f, got, want)
		}
	}
}

func FuzzLines(f *testing.F) {
	for i, b := range bodies {
		f.Add([]byte(b), awkward[i%len(awkward)], awkward[(i+3)%len(awkward)])
	}
	f.Fuzz(func(t *testing.T, body []byte, value, path string) {
		d := &Delivery{
			Time: time.Unix(1765000000, 123), Method: "POST", URL: "http://127.0.0.1/x", Path: path,
			Header: http.Header{"X-V": {value}, "Authorization": {value, value}}, Body: body, Event: value,
			Verification: Verification{Result: Failed, Detail: value, Schemes: []string{value}},
			App:          &AppAnswer{URL: value, Status: 500, Body: value, Elapsed: time.Millisecond},
		}
		checkLines(t, d)
		if line := d.AppendJSON(nil, nil); !json.Valid(line) || bytes.IndexByte(line, '\n') != len(line)-1 {
			t.Fatalf("not one line of JSON: %q", line)
		}
	})
}
