package supportbee

import (
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect/internal/dialecttest"
)

// decodeCases are lists the one-pass reader must read exactly as
// encoding/json does, or leave to it (besides dialecttest.CommonDecodeCases).
var decodeCases = []string{
	`{"web_hooks":[]}`,
	`{"web_hooks":null}`,
	`{}`,
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
}

var decoders = dialecttest.Decoders{Fast: decodeListFast, Slow: decodeListSlow, Full: decodeList}

func TestDecodeListMatchesEncodingJSON(t *testing.T) {
	decoders.MatchEncodingJSON(t, decodeCases, benchBody(50))
}

func FuzzDecodeList(f *testing.F) { decoders.Fuzz(f, decodeCases) }
