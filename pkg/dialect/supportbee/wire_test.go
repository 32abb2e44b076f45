package supportbee

import (
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect/internal/dialecttest"
)

// goodLists are list answers as SupportBee may send them, with their ids.
var goodLists = []dialecttest.ListCase{
	{Body: `{"web_hooks":[]}`, IDs: []string{}},
	{Body: ` { "total" : 2, "web_hooks" : [ {"id":"1_2","url":"https://x/1"} , {"id":42,"url":null} ] } `, IDs: []string{"1_2", "42"}},
	{Body: `{"web_hooks":[{"id":1.5e3,"url":"u"}]}`, IDs: []string{"1.5e3"}},
	{Body: `{"web_hooks":[{"id":"1","url":"caf\u00e9"}],"web_hooks":[{"id":"2"}]}`, IDs: []string{"2"}},
	{Body: `{"Web_Hooks":[{"id":"1"}]}`, IDs: []string{"1"}},
	{Body: `{"web_hooks":[{"id":"1","extra":{"a":[1,{"b":null}]}}]}`, IDs: []string{"1"}},
}

// badLists are answers that are not SupportBee lists.
var badLists = []string{
	`[]`,
	`{"web_hooks":null}`,
	`{}`,
	`{"web_hooks":{}}`,
	`{"web_hooks":[{"ID":"1"}],"x":1,"web_hooks":null}`,
	`{"web_hooks":[{"id":null}]}`,
	`{"web_hooks":[{"id":""}]}`,
	`{"web_hooks":[{"id":true}]}`,
	`{"web_hooks":[{"id":"1","url":1}]}`,
	`{"web_hooks":[{"id":"1"}]} x`,
	`{"web_hooks":[{"id":"1"},]}`,
}

func TestDecodeList(t *testing.T) {
	dialecttest.CheckDecode(t, decodeList, goodLists, badLists)
	ws, ok := decodeList(benchBody(50))
	if !ok || len(ws) != 50 {
		t.Fatalf("a list as SupportBee sends it: %d webhooks, ok=%v", len(ws), ok)
	}
	if w := ws[1]; w.URL != "https://hooks.example.com/supportbee/"+w.ID+"?x=1" {
		t.Errorf("webhook 1 read as %+v", w)
	}
}

func FuzzDecodeList(f *testing.F) {
	seeds := []string{string(benchBody(2))}
	for _, c := range goodLists {
		seeds = append(seeds, c.Body)
	}
	dialecttest.FuzzDecode(f, decodeList, append(seeds, badLists...)...)
}
