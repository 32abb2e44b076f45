package trello

import (
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect/internal/dialecttest"
)

// goodLists are list answers as Trello may send them, with their ids.
var goodLists = []dialecttest.ListCase{
	{Body: `[]`, IDs: []string{}},
	{Body: ` [ {"id":"a","callbackURL":"https://x/1","active":true,"consecutiveFailures":3} ] `, IDs: []string{"a"}},
	{Body: `[{"id":"a","description":"caf\u00e9 \"q\" \/ \n","idModel":"m","extra":{"n":[1,2.5e3,-0,true,null,"s"]}},{"id":"b"}]`, IDs: []string{"a", "b"}},
	{Body: `[{"id":"a","description":"x","description":null}]`, IDs: []string{"a"}},
	{Body: `[{"ID":"a","CallbackUrl":"u"}]`, IDs: []string{"a"}},
}

// badLists are answers that are not Trello lists.
var badLists = []string{
	`[{"id":"a","active":"yes"}]`,
	`[{"id":"a","consecutiveFailures":1.5}]`,
	`[{"id":"a","consecutiveFailures":99999999999999999999}]`,
	`[{"description":"no id"}]`,
	`{"web_hooks":[{"id":"a"}]}`,
}

func TestDecodeList(t *testing.T) {
	dialecttest.CheckDecode(t, wireHook.List, goodLists, badLists)
	ws, ok := wireHook.List(benchBody(50))
	if !ok || len(ws) != 50 {
		t.Fatalf("a list as Trello sends it: %d webhooks, ok=%v", len(ws), ok)
	}
	w := ws[1]
	if w.URL != "https://hooks.example.com/trello/"+w.ID+"?x=1" || *w.Description != "Webhook number 1 for the board" ||
		*w.Model != "4d5ea62fd76aa1136000000c" || !*w.Active || *w.Failures != 1 {
		t.Errorf("webhook 1 read as %+v", w)
	}
}

func FuzzDecodeList(f *testing.F) {
	seeds := []string{string(benchBody(2))}
	for _, c := range goodLists {
		seeds = append(seeds, c.Body)
	}
	dialecttest.FuzzDecode(f, wireHook.List, append(seeds, badLists...)...)
}
