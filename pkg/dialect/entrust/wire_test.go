package entrust

import (
	"reflect"
	"testing"
)

// decodeCases are lists the one-pass reader must read exactly as
// encoding/json does, or leave to it.
var decodeCases = []string{
	`[]`,
	`null`,
	` [ {"id":"a","callbackUrl":"https://x/1","enabled":true,"events":[],"token":"t"} ] `,
	`[{"id":"a","name":"caf\u00e9 \"q\" \/ \n","idModel":"m","extra":{"n":[1,2.5e3,-0,true,null,"s"]}}]`,
	`[{"id":"a","name":"x","name":null}]`,
	`[{"ID":"a","callbackUrl":"u"}]`,
	`[{"id":"a","CallbackURL":"u"}]`,
	`[{"id":"a","enabled":"yes"}]`,
	`[{"id":"a","events":["a",null,1]}]`,
	`[{"id":"a","events":"a"}]`,
	`[{"id":"a","name":"bad utf8 ` + "\xff" + `"}]`,
	`[{"id":""}]`,
	`[{"name":"no id"}]`,
	`[{"id":"a"},]`,
	`[{"id":"a"}] x`,
	`[{"id":"a","x":01}]`,
	`[{"id":"a","x":"ctl` + "\x01" + `"}]`,
	`[{"id":"a","x":"\u12"}]`,
	`["a"]`,
	`{"id":"a"}`,
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
