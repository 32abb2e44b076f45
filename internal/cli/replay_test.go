package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/internal/listen"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/signature"
)

func stdinFactory(in string) (*Factory, *bytes.Buffer) {
	var errOut bytes.Buffer
	return &Factory{
		IO:       &IOStreams{In: strings.NewReader(in), Out: &bytes.Buffer{}, ErrOut: &errOut},
		Opts:     &GlobalOptions{},
		Redactor: httpx.NewRedactor(),
		Getenv:   func(string) string { return "" },
	}, &errOut
}

func TestReadRecordingAndSelect(t *testing.T) {
	in := `{"method":"POST","url":"http://127.0.0.1:1/a","path":"/a","event":"createCard","headers":{}}

{"method":"POST","url":"http://127.0.0.1:1/b","path":"/b","event":"issues.opened","headers":{}}
{"method":"POST","url":"http://127.0.0.1:1/c","path":"/c","event":"push","headers":{}}
`
	f, _ := stdinFactory(in)
	recs, err := readRecording(f, "-")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[2].n != 3 || recs[2].rec.Path != "/c" {
		t.Fatalf("recs = %+v", recs)
	}
	pick := func(only []int, events []string) string {
		var paths []string
		for _, r := range selectRecordings(recs, only, events) {
			paths = append(paths, r.rec.Path)
		}
		return strings.Join(paths, ",")
	}
	for _, c := range []struct {
		only   []int
		events []string
		want   string
	}{
		{nil, nil, "/a,/b,/c"},
		{[]int{3, 1}, nil, "/a,/c"},
		{nil, []string{"issues"}, "/b"},
		{nil, []string{"issues.opened", "push"}, "/b,/c"},
		{[]int{1}, []string{"push"}, ""},
		{nil, []string{"issue"}, ""},
	} {
		if got := pick(c.only, c.events); got != c.want {
			t.Errorf("only %v events %v: %q, want %q", c.only, c.events, got, c.want)
		}
	}
	for _, bad := range []string{"", "\n\n", "not json\n", `{"path":"/x"}` + "\n", `{"method":"POST"}` + "\n"} {
		f, _ := stdinFactory(bad)
		if _, err := readRecording(f, "-"); err == nil {
			t.Errorf("readRecording(%q) accepted it", bad)
		}
	}
}

func TestReplayTarget(t *testing.T) {
	rec := listen.Recording{URL: "http://127.0.0.1:8080/hook?x=1", Path: "/hook", Query: "x=1"}
	if got, _ := replayTarget(nil, rec); got != "http://127.0.0.1:8080/hook?x=1" {
		t.Errorf("no --to: %s", got)
	}
	base, _ := url.Parse("http://127.0.0.1:9000/base/")
	if got, _ := replayTarget(base, rec); got != "http://127.0.0.1:9000/base/hook?x=1" {
		t.Errorf("--to with a path: %s", got)
	}
	if _, err := replayTarget(nil, listen.Recording{Path: "/x"}); err == nil {
		t.Error("no url and no --to: accepted")
	}
	if _, err := replayTarget(nil, listen.Recording{URL: "http://example.com/x"}); err == nil {
		t.Error("recorded plain-http URL off loopback: accepted")
	}
}

// Re-signing replaces each vendor's signature with a valid one for the new
// URL and secret; a delivery with none gets the profile dialect's.
func TestResigner(t *testing.T) {
	body := []byte(`{"action":{"id":"x"}}`)
	target := "http://127.0.0.1:9000/new"
	now := time.Now()

	h := http.Header{signature.TrelloHeader: {"stale"}}
	if err := resigner("entrust", "s3cret")(h, "POST", target, body, now); err != nil {
		t.Fatal(err)
	}
	if !signature.TrelloVerify("s3cret", body, target, h.Get(signature.TrelloHeader)) {
		t.Error("trello: not re-signed for the new URL")
	}
	if h.Get(signature.EntrustSHA2Header) != "" {
		t.Error("trello delivery got an entrust signature too")
	}

	h = http.Header{signature.GitHubHeader: {"sha256=00"}}
	_ = resigner("trello", "gh")(h, "POST", target, body, now)
	if !signature.GitHubVerify("gh", body, h.Get(signature.GitHubHeader)) || h.Get(signature.TrelloHeader) != "" {
		t.Errorf("github: %v", h)
	}

	whsec := "whsec_c2VjcmV0LWtleS1mb3ItdGVzdHM="
	h = http.Header{signature.StandardIDHeader: {"msg_1"}, signature.StandardTimestampHeader: {"1"}, signature.StandardSignatureHeader: {"v1,AAAA"}}
	_ = resigner("supportbee", whsec)(h, "POST", target, body, now)
	if err := signature.StandardVerify(h, body, whsec, now); err != nil || h.Get(signature.StandardIDHeader) != "msg_1" {
		t.Errorf("standard webhooks: %v %v", err, h)
	}

	h = http.Header{}
	_ = resigner("entrust", "tok")(h, "POST", target, body, now)
	if !signature.EntrustSHA2Verify("tok", body, h.Get(signature.EntrustSHA2Header)) {
		t.Errorf("unsigned delivery, entrust profile: %v", h)
	}
	if err := resigner("supportbee", "x")(http.Header{}, "POST", target, body, now); err == nil {
		t.Error("unsigned delivery, supportbee profile: no error")
	}
}

func TestWebhookSecret(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s")
	if err := os.WriteFile(file, []byte("from-file\r\nsecond line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	prof := config.Profile{Name: "p", Dialect: "trello"}
	if err := prof.Set("secret", "from-profile"); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	f, errOut := stdinFactory("from-stdin\n")
	f.Getenv = func(k string) string { return env[k] }
	check := func(s secretFlags, want, wantFrom string) {
		t.Helper()
		got, from, err := f.webhookSecret(context.Background(), prof, s)
		if err != nil || got != want || from != wantFrom {
			t.Errorf("%+v: %q from %q (%v), want %q from %q", s, got, from, err, want, wantFrom)
		}
	}
	check(secretFlags{}, "from-profile", "the secret of profile p")
	env[webhookSecretEnv] = "from-env"
	check(secretFlags{}, "from-env", "$"+webhookSecretEnv)
	check(secretFlags{File: file}, "from-file", "--secret-file")
	check(secretFlags{Stdin: true}, "from-stdin", "--secret-stdin")
	if strings.Contains(errOut.String(), "warning") {
		t.Errorf("warned without --secret: %s", errOut)
	}
	check(secretFlags{Value: "from-flag"}, "from-flag", "--secret")
	if !strings.Contains(errOut.String(), "warning: --secret shows the secret") {
		t.Errorf("no warning for --secret: %q", errOut)
	}
	if f.Redactor.String("x from-file y") == "x from-file y" {
		t.Error("the secret is not redacted")
	}
	for _, s := range []secretFlags{{File: file, Stdin: true}, {File: filepath.Join(dir, "none")}, {Value: "a", File: file}} {
		if _, _, err := f.webhookSecret(context.Background(), prof, s); err == nil {
			t.Errorf("%+v: no error", s)
		}
	}
	empty := filepath.Join(dir, "empty")
	_ = os.WriteFile(empty, []byte("\n"), 0o600)
	if _, _, err := f.webhookSecret(context.Background(), prof, secretFlags{File: empty}); err == nil || !strings.Contains(err.Error(), "holds no secret") {
		t.Errorf("empty file: %v", err)
	}
}
