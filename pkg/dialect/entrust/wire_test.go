package entrust

import (
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect/internal/dialecttest"
)

// decodeCases are lists the one-pass reader must read exactly as
// encoding/json does, or leave to it (besides dialecttest.CommonDecodeCases).
var decodeCases = []string{
	` [ {"id":"a","callbackUrl":"https://x/1","enabled":true,"events":[],"token":"t"} ] `,
	`[{"id":"a","name":"caf\u00e9 \"q\" \/ \n","idModel":"m","extra":{"n":[1,2.5e3,-0,true,null,"s"]}}]`,
	`[{"id":"a","name":"x","name":null}]`,
	`[{"ID":"a","callbackUrl":"u"}]`,
	`[{"id":"a","CallbackURL":"u"}]`,
	`[{"id":"a","enabled":"yes"}]`,
	`[{"id":"a","events":["a",null,1]}]`,
	`[{"id":"a","events":"a"}]`,
	`[{"id":"a","name":"bad utf8 ` + "\xff" + `"}]`,
	`[{"name":"no id"}]`,
}

var decoders = dialecttest.Decoders{Fast: decodeListFast, Slow: decodeListSlow, Full: decodeList}

func TestDecodeListMatchesEncodingJSON(t *testing.T) {
	decoders.MatchEncodingJSON(t, decodeCases, benchBody(50))
}

func FuzzDecodeList(f *testing.F) { decoders.Fuzz(f, decodeCases) }
