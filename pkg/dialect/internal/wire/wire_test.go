package wire

import (
	"encoding/json"
	"reflect"
	"testing"
)

type hook struct {
	ID     string   `json:"id"`
	URL    string   `json:"callbackURL"`
	Events []string `json:"events"`
	Active *bool    `json:"active"`
	N      int      `json:"n"`
}

// TestReadsAsEncodingJSON: the answers decode to what encoding/json gives,
// and fail where it fails.
func TestReadsAsEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`{"id":"a","callbackURL":"u","events":["x"],"active":true,"n":3,"extra":[1,{"b":null}]}`,
		`{"ID":"a","CallbackUrl":"u"}`,
		`{"id":"a","id":"b"}`,
		`{"id":"bad utf8 ` + "\xff" + `"}`,
		`{"id":"caf\u00e9 \"q\" \/ \n"}`,
		`{"n":1.5}`,
		`{"n":99999999999999999999}`,
		`{"active":"yes"}`,
		`{"events":"x"}`,
		`{"id":"a"} x`,
		`{"id":"a",}`,
		`null`,
		``,
	} {
		var got, want hook
		gerr := Unmarshal([]byte(in), &got)
		werr := json.Unmarshal([]byte(in), &want)
		if (gerr == nil) != (werr == nil) || (werr == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("%q: got %+v, %v; encoding/json %+v, %v", in, got, gerr, want, werr)
		}
	}
}

// TestItemKeepsItsOwnText: each element's Raw is its own text, a copy.
func TestItemKeepsItsOwnText(t *testing.T) {
	body := []byte(` [ {"id":"a"} , {"id":"b","x":[1, 2]} ] `)
	var items []Item[hook]
	if err := Unmarshal(body, &items); err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].V.ID != "a" || items[1].V.ID != "b" ||
		string(items[0].Raw) != `{"id":"a"}` || string(items[1].Raw) != `{"id":"b","x":[1, 2]}` {
		t.Fatalf("got %+v", items)
	}
	body[3] = 'X'
	if string(items[0].Raw) != `{"id":"a"}` {
		t.Fatal("Raw shares the body's memory")
	}
}

// UnmarshalList gives what Unmarshal into []Item gives (items, their text,
// and failure), for lists, null and everything that is neither.
func TestUnmarshalListIsUnmarshalOfItems(t *testing.T) {
	for _, in := range []string{
		`[]`, ` [ ] `, `null`, ` null `,
		` [ {"id":"a"} , {"id":"b","x":[1, 2]} ] `,
		"[\n\t{\"id\":\"a\"},\n\t{\"ID\":\"b\",\"id\":\"c\",\"callbackURL\":\"caf\\u00e9\"}\n]\n",
		`[{"id":"bad utf8 ` + "\xff" + `"}]`,
		`[{"active":"yes"}]`, `[{"n":1.5}]`, `[1]`, `[null]`, `[{"id":"a"},]`, `[{"id":"a"}] x`,
		`[{"id":"a"}][]`, `{"id":"a"}`, `"x"`, `3`, `[`, `[{"id":"a"}`, ``, `nul`,
	} {
		var want []Item[hook]
		werr := Unmarshal([]byte(in), &want)
		got, gerr := UnmarshalList[hook]([]byte(in))
		if (gerr == nil) != (werr == nil) {
			t.Errorf("%q: error %v, Unmarshal's %v", in, gerr, werr)
			continue
		}
		if werr == nil && (len(got) != len(want) || (got == nil) != (want == nil)) {
			t.Errorf("%q: %d items (nil %v), Unmarshal's %d (nil %v)", in, len(got), got == nil, len(want), want == nil)
			continue
		}
		if werr != nil {
			continue
		}
		for i := range want {
			if !reflect.DeepEqual(got[i].V, want[i].V) || string(got[i].Raw) != string(want[i].Raw) {
				t.Errorf("%q item %d: %+v %q, Unmarshal's %+v %q", in, i, got[i].V, got[i].Raw, want[i].V, want[i].Raw)
			}
		}
	}
}

func FuzzUnmarshalList(f *testing.F) {
	for _, s := range []string{`[]`, `null`, `[{"id":"a"},{"id":"b","events":["x"]}]`, `[{"id":"a"},]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var want []Item[hook]
		werr := Unmarshal(in, &want)
		got, gerr := UnmarshalList[hook](in)
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("%q: %v; Unmarshal: %v", in, gerr, werr)
		}
		if werr != nil {
			return
		}
		if len(got) != len(want) || (got == nil) != (want == nil) {
			t.Fatalf("%q: %d items; Unmarshal: %d", in, len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i].V, want[i].V) || string(got[i].Raw) != string(want[i].Raw) {
				t.Fatalf("%q item %d differs", in, i)
			}
		}
	})
}
