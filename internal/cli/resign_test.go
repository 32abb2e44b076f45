package cli

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-github/v84/github"

	"github.com/hookctl/hookctl/pkg/signature"
)

// Re-signing writes every header of the scheme: a recording's stale SHA-1
// X-Hub-Signature is replaced, and one is added to a recording that had
// none, so GitHub's own library accepts each header on its own.
func TestResignWritesEverySignatureHeader(t *testing.T) {
	body := []byte(`{"zen":"Design for failure."}`)
	for name, h := range map[string]http.Header{
		"stale sha1": {signature.GitHubHeader: {"sha256=00"}, signature.GitHubSHA1Header: {"sha1=0000"}},
		"no sha1":    {signature.GitHubHeader: {"sha256=00"}},
	} {
		if err := resigner("github", "new-secret")(h, http.MethodPost, "http://127.0.0.1:1/", body, time.Now()); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{signature.GitHubHeader, signature.GitHubSHA1Header} {
			if err := github.ValidateSignature(h.Get(k), body, []byte("new-secret")); err != nil {
				t.Errorf("%s: go-github refuses the re-signed %s: %v", name, k, err)
			}
		}
	}
}
