package trello_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/hookctl/hookctl/pkg/dialect/trello"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/sandbox"
	sandboxtrello "github.com/hookctl/hookctl/pkg/sandbox/trello"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Create, list and delete Trello webhooks. The example runs against
// hookctl's Trello emulator in-process; against Trello itself, leave
// BaseURL and Client empty and give your own key and token.
func Example() {
	ctx := context.Background()
	emulator := sandboxtrello.Emulator{}
	sb, err := sandbox.New(sandbox.Options{Emulators: []sandbox.Emulator{emulator}})
	if err != nil {
		panic(err)
	}
	defer sb.Close()
	client, err := httpx.New(httpx.Options{Transport: sb.Transport()})
	if err != nil {
		panic(err)
	}
	b, err := trello.New(trello.Config{
		BaseURL: sandbox.InProcessRoot + emulator.Prefix(),
		Key:     sandboxtrello.Key,
		Token:   sandboxtrello.Token,
		Client:  client,
	})
	if err != nil {
		panic(err)
	}

	// Trello checks that a new webhook's callback answers HEAD with 200.
	callback := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer callback.Close()
	url, model, desc := callback.URL+"/board", "5abbe4b7ddc1b351ef961415", "my board"
	w, err := b.Create(ctx, webhook.Changes{URL: &url, Model: &model, Description: &desc})
	if err != nil {
		panic(err)
	}
	ws, err := b.List(ctx)
	if err != nil {
		panic(err)
	}
	for _, x := range ws {
		fmt.Println(*x.Description, *x.Model, *x.Active)
	}
	if err := b.Delete(ctx, w.ID); err != nil {
		panic(err)
	}
	_, err = b.Get(ctx, w.ID)
	fmt.Println("gone:", errors.Is(err, webhook.ErrNotFound))
	// Output:
	// my board 5abbe4b7ddc1b351ef961415 true
	// gone: true
}

// A zero Config is refused with a message, not a panic.
func ExampleNew_zeroConfig() {
	_, err := trello.New(trello.Config{})
	fmt.Println(err)
	// Output: the trello profile has no key (set key: in the profile or HOOKCTL_KEY)
}
