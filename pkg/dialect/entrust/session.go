package entrust

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// authPath is the Administration API's authentication endpoint.
const authPath = "/api/web/v1/adminapi/authenticate"

// expirySkew renews a token this long before Entrust says it expires, so
// that a request never leaves with a token about to die in flight.
const expirySkew = 30 * time.Second

// fallbackLifetime is how long a token is trusted when its answer has no
// readable expirationTime (Entrust's tokens live about 15 minutes; a 401
// re-authenticates anyway).
const fallbackLifetime = 10 * time.Minute

// session holds the Administration API token. Bulk operations call the
// backend in parallel, so it is safe for concurrent use, and only one
// authentication runs at a time: the others wait for its token.
type session struct {
	b *Backend
	// lock is a one-slot semaphore rather than a sync.Mutex so that a caller
	// waiting for another's authentication still honours its context.
	lock    chan struct{}
	token   string
	expires time.Time
	now     func() time.Time
}

func newSession(b *Backend) *session {
	return &session{b: b, lock: make(chan struct{}, 1), now: time.Now}
}

// acquire takes the lock, or gives up with ctx.
func (s *session) acquire(ctx context.Context) error {
	select {
	case s.lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Token returns a live token, authenticating when there is none or it has
// expired.
func (s *session) Token(ctx context.Context) (string, error) {
	if err := s.acquire(ctx); err != nil {
		return "", err
	}
	defer func() { <-s.lock }()
	if s.token != "" && s.now().Before(s.expires.Add(-expirySkew)) {
		return s.token, nil
	}
	return s.authenticate(ctx)
}

// Reject drops a token the API refused (401), unless another caller has
// already replaced it, so that parallel 401s cause one authentication.
func (s *session) Reject(ctx context.Context, token string) error {
	if err := s.acquire(ctx); err != nil {
		return err
	}
	defer func() { <-s.lock }()
	if s.token == token {
		s.token = ""
	}
	return nil
}

// authenticate trades the application id and shared secret for a token.
// The caller holds the lock.
func (s *session) authenticate(ctx context.Context) (string, error) {
	s.token = ""
	body, err := json.Marshal(authRequest{ApplicationID: s.b.cfg.ApplicationID, SharedSecret: s.b.cfg.SharedSecret})
	if err != nil {
		return "", err
	}
	resp, err := s.b.cfg.Client.Do(ctx, &httpx.Request{
		Method:     http.MethodPost,
		URL:        s.b.api.Base + authPath,
		Header:     http.Header{"Accept": {"application/json"}, "Content-Type": {"application/json"}},
		Body:       body,
		Idempotent: true, // trading credentials for a token is safe to repeat
	})
	if err != nil {
		return "", fmt.Errorf("authenticating: %w", err)
	}
	if !resp.OK() {
		return "", authError(resp, s.b.api.Fail(resp).(*webhook.APIError))
	}
	var a authResponse
	if json.Unmarshal(resp.Body, &a) != nil || a.AuthToken == "" {
		return "", s.b.cfg.Client.Redactor().Error(fmt.Errorf("authenticating: %w", resp.Unexpected()))
	}
	s.b.cfg.Client.Redactor().Add(a.AuthToken)
	expires, ok := kit.Time(a.ExpirationTime)
	if !ok {
		expires = s.now().Add(fallbackLifetime)
	}
	// A token that is already past its expiry by our clock (a skewed clock)
	// still serves the request that asked for it; the next one renews it.
	s.token, s.expires = a.AuthToken, expires
	return a.AuthToken, nil
}

// authError is a refused authentication: an auth-kind error (exit 4) for
// every 4xx but 429, since a wrong application id, secret or base URL all
// mean the credentials cannot be used. It never names the secret.
func authError(resp *httpx.Response, e *webhook.APIError) *webhook.APIError {
	if !strings.Contains(strings.ToLower(e.Message), "authenticat") {
		e.Message = "authentication failed: " + e.Message
	}
	if resp.Status >= 400 && resp.Status < 500 && resp.Status != http.StatusTooManyRequests {
		e.Kind = webhook.ErrAuth
	}
	return e
}
