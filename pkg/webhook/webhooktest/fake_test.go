package webhooktest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect/trello"
	"github.com/hookctl/hookctl/pkg/webhook"
)

func ptr[T any](v T) *T { return &v }

func TestFakeLifecycle(t *testing.T) {
	ctx := context.Background()
	var f Fake
	w, err := f.Create(ctx, webhook.Changes{URL: ptr("https://example.com/a"), Description: ptr("a")})
	if err != nil || w.ID != "1" || w.URL != "https://example.com/a" {
		t.Fatalf("Create = %+v, %v", w, err)
	}
	// The caller's copy does not reach the fake.
	*w.Description = "changed"
	got, err := f.Get(ctx, "1")
	if err != nil || *got.Description != "a" {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	if _, err := f.Create(ctx, webhook.Changes{URL: ptr("https://example.com/a")}); !errors.Is(err, webhook.ErrConflict) {
		t.Fatalf("same key: %v, want a conflict", err)
	}
	if _, err := f.Create(ctx, webhook.Changes{Description: ptr("no url")}); !errors.Is(err, webhook.ErrValidation) {
		t.Fatalf("no url: %v, want a validation error", err)
	}
	if _, err := f.Create(ctx, webhook.Changes{URL: ptr("ftp://example.com")}); !errors.Is(err, webhook.ErrValidation) {
		t.Fatalf("bad url: %v, want a validation error", err)
	}
	u, err := f.Update(ctx, "1", webhook.Changes{Active: ptr(false)})
	if err != nil || u.Active == nil || *u.Active || u.URL != "https://example.com/a" {
		t.Fatalf("Update = %+v, %v", u, err)
	}
	if _, err := f.Update(ctx, "9", webhook.Changes{Active: ptr(true)}); !errors.Is(err, webhook.ErrNotFound) {
		t.Fatalf("Update missing: %v", err)
	}
	if err := f.Delete(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	if err := f.Delete(ctx, "1"); !errors.Is(err, webhook.ErrNotFound) {
		t.Fatalf("second Delete: %v, want not found", err)
	}
	if ws, _ := f.List(ctx); len(ws) != 0 {
		t.Fatalf("List after delete: %v", ws)
	}
}

func TestFakeWithADialectSchemaAndFailure(t *testing.T) {
	ctx := context.Background()
	f := &Fake{S: trello.Schema}
	if _, err := f.Create(ctx, webhook.Changes{URL: ptr("https://example.com/a")}); !errors.Is(err, webhook.ErrValidation) {
		t.Fatalf("trello without a model: %v, want a validation error", err)
	}
	if _, err := f.Create(ctx, webhook.Changes{URL: ptr("https://example.com/a"), Model: ptr("5abbe4b7ddc1b351ef961414")}); err != nil {
		t.Fatal(err)
	}
	f.Err = errors.New("boom")
	if _, err := f.List(ctx); err == nil || err.Error() != "boom" {
		t.Fatalf("List with Err set: %v", err)
	}
}

func TestFakeConcurrentCreates(t *testing.T) {
	var f Fake
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := "https://example.com/" + string(rune('a'+i))
			if _, err := f.Create(context.Background(), webhook.Changes{URL: &u}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	ws, _ := f.List(context.Background())
	seen := map[string]bool{}
	for _, w := range ws {
		seen[w.ID] = true
	}
	if len(ws) != 20 || len(seen) != 20 {
		t.Fatalf("%d webhooks, %d ids; want 20 each", len(ws), len(seen))
	}
}
