package webhooktest_test

import (
	"context"
	"fmt"

	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/hookctl/hookctl/pkg/webhook/webhooktest"
)

// prune deletes every webhook whose URL is not in keep: the kind of code a
// program writes against webhook.Backend and tests with a Fake.
func prune(ctx context.Context, b webhook.Backend, keep map[string]bool) (int, error) {
	ws, err := b.List(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, w := range ws {
		if !keep[w.URL] {
			if err := b.Delete(ctx, w.ID); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

func ExampleFake() {
	ctx := context.Background()
	var f webhooktest.Fake
	for _, u := range []string{"https://example.com/keep", "https://example.com/old"} {
		if _, err := f.Create(ctx, webhook.Changes{URL: &u}); err != nil {
			fmt.Println(err)
		}
	}
	n, err := prune(ctx, &f, map[string]bool{"https://example.com/keep": true})
	ws, _ := f.List(ctx)
	fmt.Println(n, err, len(ws), ws[0].URL)
	// Output: 1 <nil> 1 https://example.com/keep
}
