package signature

import "testing"

// GitHub's own example from "Validating webhook deliveries": secret
// "It's a Secret to Everybody", payload "Hello, World!".
const (
	githubDocSecret    = "It's a Secret to Everybody"
	githubDocPayload   = "Hello, World!"
	githubDocSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
)

func TestGitHubSignMatchesGitHubsExample(t *testing.T) {
	if got := GitHubSign(githubDocSecret, []byte(githubDocPayload)); got != githubDocSignature {
		t.Errorf("GitHubSign = %s, want %s", got, githubDocSignature)
	}
}

func TestGitHubVerify(t *testing.T) {
	body := []byte(githubDocPayload)
	for _, tc := range []struct {
		name, secret, header string
		want                 bool
	}{
		{"genuine", githubDocSecret, githubDocSignature, true},
		{"upper-case hex and prefix", githubDocSecret, "SHA256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17", true},
		{"wrong secret", "another", githubDocSignature, false},
		{"no prefix", githubDocSecret, githubDocSignature[len("sha256="):], false},
		{"sha1 prefix", githubDocSecret, "sha1=" + githubDocSignature[len("sha256="):], false},
		{"not hex", githubDocSecret, "sha256=zz", false},
		{"truncated", githubDocSecret, githubDocSignature[:40], false},
		{"empty", githubDocSecret, "", false},
	} {
		if got := GitHubVerify(tc.secret, body, tc.header); got != tc.want {
			t.Errorf("%s: GitHubVerify = %v, want %v", tc.name, got, tc.want)
		}
	}
	if GitHubVerify(githubDocSecret, []byte(githubDocPayload+" "), githubDocSignature) {
		t.Error("a changed body verified")
	}
}
