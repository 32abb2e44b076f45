package dialect

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

func TestEveryDialectHasASchemaOfItsName(t *testing.T) {
	for _, name := range Names {
		s, err := Schema(name)
		if err != nil || s.Dialect != name {
			t.Errorf("Schema(%q) = %v, %v", name, s, err)
		}
		if !s.Has(webhook.FieldID) || !s.Has(webhook.FieldURL) {
			t.Errorf("%s lacks id or url", name)
		}
		if len(s.KeyFields) == 0 {
			t.Errorf("%s has no natural key", name)
		}
	}
}

func TestOpenEachDialect(t *testing.T) {
	c, err := httpx.New(httpx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clients := Clients{API: c, Deliver: c}
	profiles := []config.Profile{
		{Dialect: "trello", Key: "k", Token: "t"},
		{Dialect: "supportbee", Company: "acme", AuthToken: "t"},
		{Dialect: "entrust", BaseURL: "https://acme.us.trustedauth.com", ApplicationID: "a", SharedSecret: "s"},
		{Dialect: "github", Token: "t", Repo: "acme/api"},
		{Dialect: "github", Token: "t", Org: "acme"},
	}
	for _, p := range profiles {
		b, err := Open(p, clients)
		if err != nil || b.Schema().Dialect != p.Dialect {
			t.Errorf("Open(%s) = %v, %v", p.Dialect, b, err)
		}
	}
}

func TestUnknownOrMissingDialectIsAValidationError(t *testing.T) {
	for _, name := range []string{"", "gitlab"} {
		_, err := Open(config.Profile{Dialect: name}, Clients{})
		if !errors.Is(err, webhook.ErrValidation) || !strings.Contains(err.Error(), "trello, supportbee, entrust, github") {
			t.Errorf("Open(%q) = %v; want a validation error listing the dialects", name, err)
		}
		if _, err := Schema(name); !errors.Is(err, webhook.ErrValidation) {
			t.Errorf("Schema(%q) = %v", name, err)
		}
	}
}

func TestTrelloRateLimitIsDocumented(t *testing.T) {
	if n, w := RateLimit("trello"); n != 100 || w != 10*time.Second {
		t.Errorf("trello limit %d/%s, want 100/10s (per token)", n, w)
	}
	if RateLimitWait("trello") != 10*time.Second {
		t.Error("a Trello 429 should wait for the next 10 s window")
	}
	if n, _ := RateLimit("supportbee"); n != 0 {
		t.Error("supportbee documents no limit")
	}
}
