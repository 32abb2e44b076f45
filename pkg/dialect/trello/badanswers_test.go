package trello

import (
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/internal/dialecttest"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// badDialect is Trello for the shared bad-answer, fuzz and decode tests.
// Trello has no authentication round trip; its list is a bare array, its
// 429 a JSON body sent as text/plain without Retry-After.
var badDialect = dialecttest.Dialect{
	New: func(t testing.TB, base string, c *httpx.Client) webhook.Backend {
		t.Helper()
		b, err := New(Config{BaseURL: base, Key: "bad-key-1234", Token: "bad-token-5678", Client: c, Deliver: c})
		if err != nil {
			t.Fatal(err)
		}
		return b
	},
	Secrets:       []string{"bad-key-1234", "bad-token-5678"},
	ID:            "5abbe4b7ddc1b351ef961414",
	Create:        webhook.Changes{URL: dialecttest.Str("https://example.com/hook"), Model: dialecttest.Str("5abbe4b7ddc1b351ef961415")},
	Update:        webhook.Changes{Description: dialecttest.Str("new")},
	CreateStatus:  200,
	WireOne:       `{"id":"5abbe4b7ddc1b351ef961414","description":"d","idModel":"5abbe4b7ddc1b351ef961415","callbackURL":"https://example.com/hook","active":true,"consecutiveFailures":0}`,
	WireList:      `[{"id":"5abbe4b7ddc1b351ef961414","description":"d","idModel":"5abbe4b7ddc1b351ef961415","callbackURL":"https://example.com/hook","active":true,"consecutiveFailures":0}]`,
	WireListExtra: `[{"id":"5abbe4b7ddc1b351ef961414","callbackURL":"https://example.com/hook","idModel":"5abbe4b7ddc1b351ef961415","firstConsecutiveFailDate":null,"newField":{"a":[1,2,{"b":null}]}}]`,
	RateLimit: dialecttest.RateLimit{
		ContentType: "text/plain",
		Body:        `{"error":"API_TOKEN_LIMIT_EXCEEDED","message":"Rate limit exceeded"}`,
		MinWait:     10 * time.Second,
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
