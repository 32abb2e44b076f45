package entrust

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/internal/dialecttest"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// badDialect is Entrust for the shared bad-answer, fuzz and decode tests.
// Entrust authenticates first (the fakes let that succeed, with a session
// token that must not show either); its list is a bare array, its 429 JSON
// with Retry-After.
var badDialect = dialecttest.Dialect{
	New: func(t testing.TB, base string, c *httpx.Client) webhook.Backend {
		t.Helper()
		b, err := New(Config{BaseURL: base, ApplicationID: "bad-app", SharedSecret: "bad-secret-5678", Client: c})
		if err != nil {
			t.Fatal(err)
		}
		return b
	},
	Secrets:       []string{"bad-secret-5678", "bad-session-9999"},
	AuthPath:      authPath,
	AuthAnswer:    `{"authToken":"bad-session-9999","expirationTime":"2999-01-01T00:00:00Z"}`,
	ID:            "0b5e8a4e-8f0c-4a5e-9d57-3d1c0a6e2f11",
	Create:        webhook.Changes{URL: dialecttest.Str("https://example.com/hook"), Description: dialecttest.Str("n"), Events: []string{"user.created"}},
	Update:        webhook.Changes{Description: dialecttest.Str("renamed")},
	CreateStatus:  200,
	WireOne:       `{"id":"0b5e8a4e-8f0c-4a5e-9d57-3d1c0a6e2f11","name":"n","callbackUrl":"https://example.com/hook","events":["user.created"],"enabled":true}`,
	WireList:      `[{"id":"0b5e8a4e-8f0c-4a5e-9d57-3d1c0a6e2f11","name":"n","callbackUrl":"https://example.com/hook","events":["user.created"],"enabled":true}]`,
	WireListExtra: `[{"id":"0b5e8a4e-8f0c-4a5e-9d57-3d1c0a6e2f11","name":"n","callbackUrl":"https://example.com/hook","events":["user.created"],"enabled":true,"createdOn":"2024-01-01","lastFailure":{"code":500}}]`,
	RateLimit: dialecttest.RateLimit{
		ContentType: "application/json",
		RetryAfter:  "2",
		Body:        `{"errorCode":"rate_limit_exceeded","errorMessage":"Too many requests."}`,
		MinWait:     2 * time.Second,
	},
}

func TestBadAnswersAreOneLineFailures(t *testing.T) { badDialect.BadAnswersAreOneLineFailures(t) }

func TestUnreadableCreateAnswerIsRecoveredFromTheList(t *testing.T) {
	badDialect.UnreadableCreateAnswerIsRecoveredFromTheList(t)
}

func TestUnknownFieldsAreIgnored(t *testing.T) { badDialect.UnknownFieldsAreIgnored(t) }

func TestPersistentRateLimitIsRateLimited(t *testing.T) {
	badDialect.PersistentRateLimitIsRateLimited(t)
}

// An answer to the authentication that is not what Entrust documents is one
// line too, and never shows the secret.
func TestBadAuthenticationAnswersAreOneLine(t *testing.T) {
	for _, a := range dialecttest.BadAnswers(badDialect.WireOne) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { a.Write(w) }))
		_, err := badDialect.Backend(t, srv.URL, httpx.Options{}).List(context.Background())
		srv.Close()
		if err == nil {
			t.Errorf("%s: no error", a.Name)
			continue
		}
		dialecttest.CheckOneLine(t, a.Name+"/authenticate", err, badDialect.Secrets)
	}
}
