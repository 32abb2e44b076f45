package entrust

import (
	"slices"
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect/internal/dialecttest"
)

// goodLists are list answers as Entrust may send them, with their ids.
var goodLists = []dialecttest.ListCase{
	{Body: `[]`, IDs: []string{}},
	{Body: ` [ {"id":"a","callbackUrl":"https://x/1","enabled":true,"events":[],"token":"t"} ] `, IDs: []string{"a"}},
	{Body: `[{"id":"a","name":"caf\u00e9 \"q\" \/ \n","idModel":"m","extra":{"n":[1,2.5e3,-0,true,null,"s"]}},{"id":"b"}]`, IDs: []string{"a", "b"}},
	{Body: `[{"id":"a","name":"x","name":null}]`, IDs: []string{"a"}},
	{Body: `[{"ID":"a","CallbackURL":"u"}]`, IDs: []string{"a"}},
}

// badLists are answers that are not Entrust lists.
var badLists = []string{
	`[{"id":"a","enabled":"yes"}]`,
	`[{"id":"a","events":["a",null,1]}]`,
	`[{"id":"a","events":"a"}]`,
	`[{"name":"no id"}]`,
}

func TestDecodeList(t *testing.T) {
	dialecttest.CheckDecode(t, wireHook.List, goodLists, badLists)
	ws, ok := wireHook.List(benchBody(50))
	if !ok || len(ws) != 50 {
		t.Fatalf("a list as Entrust sends it: %d webhooks, ok=%v", len(ws), ok)
	}
	w := ws[1]
	if w.URL != "https://hooks.example.com/entrust/"+w.ID || *w.Description != "Webhook number 1" ||
		!slices.Equal(w.Events, []string{"USER_CREATED", "USER_DELETED"}) || !*w.Active {
		t.Errorf("webhook 1 read as %+v", w)
	}
	if ws, _ := wireHook.List([]byte(`[{"id":"a"}]`)); ws[0].Events == nil || ws[0].Description != nil || ws[0].Active != nil {
		t.Errorf("a webhook without events, name or enabled read as %+v", ws[0])
	}
}

func FuzzDecodeList(f *testing.F) {
	seeds := []string{string(benchBody(2))}
	for _, c := range goodLists {
		seeds = append(seeds, c.Body)
	}
	dialecttest.FuzzDecode(f, wireHook.List, append(seeds, badLists...)...)
}
