package jsonwire

import (
	"strings"
	"testing"
)

func TestReaderReadsAListOfObjects(t *testing.T) {
	body := []byte(` [ {"a":"x","n":-12,"b":true,"s":["p",null],"skip":{"k":[1.5e-3,null]}} , {"a":"caf\u00e9"} ] `)
	r := NewReader(body)
	var as, raws []string
	var n int
	var b bool
	var list, pool []string
	r.Array(func() {
		start := r.Offset()
		r.Object(func(key string) {
			switch key {
			case "a":
				as = append(as, r.String())
			case "n":
				r.IntInto(&n)
			case "b":
				r.BoolInto(&b)
			case "s":
				r.StringsInto(&list, &pool)
			default:
				r.Unknown(key, "a", "n", "b", "s")
			}
		})
		raw := r.Since(start)
		if cap(raw) != len(raw) {
			t.Errorf("Since left room to append over the next element: len %d cap %d", len(raw), cap(raw))
		}
		raws = append(raws, string(raw))
	})
	if !r.Done() {
		t.Fatal("a valid list was refused")
	}
	if strings.Join(as, ",") != "x,café" || n != -12 || !b || strings.Join(list, ",") != "p," {
		t.Errorf("read a=%q n=%d b=%v s=%q", as, n, b, list)
	}
	if raws[1] != `{"a":"caf\u00e9"}` {
		t.Errorf("raw of the second element = %q", raws[1])
	}
}

func TestReaderRefuses(t *testing.T) {
	for _, in := range []string{
		``, `[`, `[1,]`, `[1 2]`, `{"a":1,}`, `{"a" 1}`, `[tru]`, `[nul]`, `[01]`, `[1.]`, `[1e]`, `[-]`,
		`["\x"]`, `["\u12g4"]`, "[\"\x01\"]", `["open]`, `[] []`,
		strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1),
	} {
		r := NewReader([]byte(in))
		r.Skip()
		if r.Done() {
			t.Errorf("%q was accepted", in)
		}
	}
	r := NewReader([]byte(`{"ID":1}`))
	r.Object(func(key string) { r.Unknown(key, "id") })
	if !r.Failed() {
		t.Error("a key differing from a known one only in case was skipped; encoding/json would take it")
	}
}
