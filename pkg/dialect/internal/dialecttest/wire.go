package dialecttest

import (
	"reflect"
	"testing"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// Decoders are a dialect's list decoders: Fast is the one-pass reader
// (false: it leaves the body to Slow), Slow is encoding/json, and Full is
// the one the client uses (Fast, else Slow).
type Decoders struct {
	Fast, Slow, Full func([]byte) ([]webhook.Webhook, bool)
}

// CommonDecodeCases are bodies every dialect's decoders get besides their
// own cases: empty and null lists, broken JSON, wrong shapes.
var CommonDecodeCases = []string{
	`[]`,
	`null`,
	`[{"id":""}]`,
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

// MatchEncodingJSON checks CommonDecodeCases, every case and a list as the vendor sends it
// (vendor) with CheckDecode, and that the one-pass reader takes vendor.
func (dec Decoders) MatchEncodingJSON(t *testing.T, cases []string, vendor []byte) {
	t.Helper()
	for _, in := range append(append(CommonDecodeCases[:len(CommonDecodeCases):len(CommonDecodeCases)], cases...), string(vendor)) {
		dec.CheckDecode(t, []byte(in))
	}
	if _, ok := dec.Fast(vendor); !ok {
		t.Error("the one-pass reader refused a list as the vendor sends it")
	}
}

// Fuzz fuzzes CheckDecode from CommonDecodeCases and the cases.
func (dec Decoders) Fuzz(f *testing.F, cases []string) {
	for _, in := range append(CommonDecodeCases[:len(CommonDecodeCases):len(CommonDecodeCases)], cases...) {
		f.Add([]byte(in))
	}
	f.Fuzz(dec.CheckDecode)
}

// CheckDecode fails when the one-pass reader accepts what encoding/json
// reads differently (or rejects), or when Full differs from encoding/json.
func (dec Decoders) CheckDecode(t *testing.T, body []byte) {
	fast, fok := dec.Fast(body)
	slow, sok := dec.Slow(body)
	if fok && (!sok || !reflect.DeepEqual(fast, slow)) {
		t.Errorf("%q:\n one pass %v %+v\nencoding/json %v %+v", body, fok, fast, sok, slow)
	}
	got, gok := dec.Full(body)
	if gok != sok || !reflect.DeepEqual(got, slow) {
		t.Errorf("%q: decodeList %v %+v, want %v %+v", body, gok, got, sok, slow)
	}
}
