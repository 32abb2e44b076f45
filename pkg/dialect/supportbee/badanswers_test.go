package supportbee

import (
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/internal/dialecttest"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// badDialect is SupportBee for the shared bad-answer, fuzz and decode tests.
// SupportBee has no authentication round trip; it wraps a hook in
// {"web_hook":…} and the list in {"web_hooks":[…]}, answers a create 201,
// and a 429 with Retry-After.
var badDialect = dialecttest.Dialect{
	New: func(t testing.TB, base string, c *httpx.Client) webhook.Backend {
		t.Helper()
		b, err := New(Config{BaseURL: base, AuthToken: "bad-token-5678", Client: c})
		if err != nil {
			t.Fatal(err)
		}
		return b
	},
	Secrets:       []string{"bad-token-5678"},
	ID:            "1_20120501071947",
	Create:        webhook.Changes{URL: dialecttest.Str("https://example.com/hook")},
	Update:        webhook.Changes{URL: dialecttest.Str("https://example.com/other")},
	CreateStatus:  201,
	WireOne:       `{"web_hook":{"id":"1_20120501071947","url":"https://example.com/hook"}}`,
	WireList:      `{"web_hooks":[{"id":"1_20120501071947","url":"https://example.com/hook"}]}`,
	WireListExtra: `{"web_hooks":[{"id":"1_20120501071947","url":"https://example.com/hook","created_at":"2012-05-01T07:19:47Z","company":{"id":1}}],"total":1,"meta":{}}`,
	RateLimit: dialecttest.RateLimit{
		ContentType: "application/json",
		RetryAfter:  "3",
		Body:        `{"error":"Rate limit exceeded. Try again later."}`,
		MinWait:     3 * time.Second,
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
