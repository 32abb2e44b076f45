package github

import (
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect/internal/dialecttest"
)

func TestDecodeList(t *testing.T) {
	dialecttest.CheckDecode(t, wireHook.List, []dialecttest.ListCase{
		{Body: `[]`, IDs: []string{}},
		{Body: `[{"id":1,"config":{"url":"https://x/1"}},{"id":22,"active":false}]`, IDs: []string{"1", "22"}},
	}, []string{`[{"id":0}]`, `[{"id":"1"}]`})
}
