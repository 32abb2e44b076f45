package supportbee

import (
	"reflect"
	"testing"
)

// decodeCases are lists the one-pass reader must read exactly as
// encoding/json does, or leave to it.
var decodeCases = []string{
	`{"web_hooks":[]}`,
	`{"web_hooks":null}`,
	`{}`,
	`[]`,
	` { "total" : 2, "web_hooks" : [ {"id":"1_2","url":"https://x/1"} , {"id":42,"url":null} ] } `,
	`{"web_hooks":[{"id":1.5e3,"url":"u"}]}`,
	`{"web_hooks":[{"id":"1","url":"caf\u00e9"}],"web_hooks":[]}`,
	`{"Web_Hooks":[{"id":"1"}]}`,
	`{"web_hooks":[{"ID":"1"}]}`,
	`{"web_hooks":[{"id":"1","URL":"u"}]}`,
	`{"web_hooks":[{"id":null}]}`,
	`{"web_hooks":[{"id":""}]}`,
	`{"web_hooks":[{"id":true}]}`,
	`{"web_hooks":[{"id":"1","url":1}]}`,
	`{"web_hooks":[{"id":"1","extra":{"a":[1,{"b":null}]}}]}`,
	`{"web_hooks":[{"id":"1","url":"bad ` + "\xff" + `"}]}`,
	`{"web_hooks":[{"id":"1"}]} x`,
	`{"web_hooks":[{"id":"1"},]}`,
	`<html>`,
	``,
}

func TestDecodeListMatchesEncodingJSON(t *testing.T) {
	for _, in := range append(decodeCases, string(benchBody(50))) {
		checkDecode(t, []byte(in))
	}
	if _, ok := decodeListFast(benchBody(50)); !ok {
		t.Error("the one-pass reader refused a list as the vendor sends it")
	}
}

func FuzzDecodeList(f *testing.F) {
	for _, in := range decodeCases {
		f.Add([]byte(in))
	}
	f.Fuzz(checkDecode)
}

// checkDecode fails when the one-pass reader accepts what encoding/json
// reads differently (or rejects).
func checkDecode(t *testing.T, body []byte) {
	fast, fok := decodeListFast(body)
	slow, sok := decodeListSlow(body)
	if fok && (!sok || !reflect.DeepEqual(fast, slow)) {
		t.Errorf("%q:\n one pass %v %+v\nencoding/json %v %+v", body, fok, fast, sok, slow)
	}
	got, gok := decodeList(body)
	if gok != sok || !reflect.DeepEqual(got, slow) {
		t.Errorf("%q: decodeList %v %+v, want %v %+v", body, gok, got, sok, slow)
	}
}
