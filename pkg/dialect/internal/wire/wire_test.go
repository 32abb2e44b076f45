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
