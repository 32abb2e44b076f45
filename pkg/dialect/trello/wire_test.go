package trello

import (
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect/internal/dialecttest"
)

// decodeCases are lists the one-pass reader must read exactly as
// encoding/json does, or leave to it (besides dialecttest.CommonDecodeCases).
var decodeCases = []string{
	` [ {"id":"a","callbackURL":"https://x/1","active":true,"consecutiveFailures":3} ] `,
	`[{"id":"a","description":"caf\u00e9 \"q\" \/ \n","idModel":"m","extra":{"n":[1,2.5e3,-0,true,null,"s"]}}]`,
	`[{"id":"a","description":"x","description":null}]`,
	`[{"ID":"a","callbackURL":"u"}]`,
	`[{"id":"a","CallbackUrl":"u"}]`,
	`[{"id":"a","active":"yes"}]`,
	`[{"id":"a","consecutiveFailures":1.5}]`,
	`[{"id":"a","consecutiveFailures":99999999999999999999}]`,
	`[{"id":"a","description":"bad utf8 ` + "\xff" + `"}]`,
	`[{"description":"no id"}]`,
}

var decoders = dialecttest.Decoders{Fast: decodeListFast, Slow: decodeListSlow, Full: decodeList}

func TestDecodeListMatchesEncodingJSON(t *testing.T) {
	decoders.MatchEncodingJSON(t, decodeCases, benchBody(50))
}

func FuzzDecodeList(f *testing.F) { decoders.Fuzz(f, decodeCases) }
