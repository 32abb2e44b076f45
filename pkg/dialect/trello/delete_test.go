package trello

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
)

// TestDeleteAfterADroppedTryChecksBeforeFailing is issue 15.8: the first
// DELETE is acted on but its answer is lost, every retry is answered 503;
// the webhook is gone, so the delete is done, not failed.
func TestDeleteAfterADroppedTryChecksBeforeFailing(t *testing.T) {
	for _, stillThere := range []bool{false, true} {
		var mu sync.Mutex
		deletes, deleted := 0, false
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			switch r.Method {
			case http.MethodDelete:
				deletes++
				if deletes == 1 {
					deleted = !stillThere
					conn, _, _ := http.NewResponseController(w).Hijack()
					conn.Close()
					return
				}
				http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
			case http.MethodGet:
				if deleted {
					http.Error(w, "The requested resource was not found.", http.StatusNotFound)
					return
				}
				w.Write([]byte(hookJSON))
			}
		}))
		c, err := httpx.New(httpx.Options{Sleep: func(context.Context, time.Duration) error { return nil }})
		if err != nil {
			t.Fatal(err)
		}
		b, err := New(Config{BaseURL: srv.URL + "/1", Key: "k", Token: "t", Client: c, Deliver: c})
		if err != nil {
			t.Fatal(err)
		}
		err = b.Delete(context.Background(), "5abbe4b7ddc1b351ef961414")
		srv.Close()
		if stillThere && err == nil {
			t.Error("a webhook that is still there was reported deleted")
		}
		if !stillThere && err != nil {
			t.Errorf("the webhook is gone, yet delete failed: %v", err)
		}
	}
}
