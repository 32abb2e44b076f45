package webhook

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestFinishDelete(t *testing.T) {
	unavailable := &APIError{Status: 503, Message: "Service Unavailable"}
	notFound := fmt.Errorf("webhook %w", ErrNotFound)
	gone := func(context.Context, string) (Webhook, error) { return Webhook{}, notFound }
	there := func(_ context.Context, id string) (Webhook, error) { return Webhook{ID: id}, nil }
	broken := func(context.Context, string) (Webhook, error) { return Webhook{}, unavailable }
	for _, tt := range []struct {
		name      string
		err       error
		uncertain bool
		get       func(context.Context, string) (Webhook, error)
		want      error
	}{
		{"done", nil, false, there, nil},
		{"404 with no uncertain try is not found", notFound, false, gone, ErrNotFound},
		{"404 after an uncertain try is done", notFound, true, there, nil},
		{"503 after an uncertain try, webhook gone: done", unavailable, true, gone, nil},
		{"503 after an uncertain try, webhook still there: failed", unavailable, true, there, unavailable},
		{"503 after an uncertain try, check fails: failed", unavailable, true, broken, unavailable},
		{"503 with no uncertain try: failed without a check", unavailable, false, gone, unavailable},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := FinishDelete(context.Background(), tt.err, tt.uncertain, "x", tt.get)
			if tt.want == nil && got != nil || tt.want != nil && !errors.Is(got, tt.want) {
				t.Fatalf("FinishDelete = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGetByListing(t *testing.T) {
	list := func(context.Context) ([]Webhook, error) { return []Webhook{{ID: "a"}, {ID: "b"}}, nil }
	if w, err := GetByListing(context.Background(), list, "b"); err != nil || w.ID != "b" {
		t.Fatalf("GetByListing(b) = %v, %v", w, err)
	}
	if _, err := GetByListing(context.Background(), list, "c"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("GetByListing(c) = %v, want not found", err)
	}
}
