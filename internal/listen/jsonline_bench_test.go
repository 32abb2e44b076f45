package listen

import (
	"net/http"
	"testing"
	"time"
)

// benchDelivery is a signed GitHub push as the listen benchmark sends it.
func benchDelivery() *Delivery {
	body := []byte(`{"ref":"refs/heads/main","before":"0000000000000000000000000000000000000001","after":"abcd00000000000000000000000000000001","repository":{"id":1296269,"node_id":"MDEwOlJlcG9zaXRvcnkxMjk2MjY5","name":"Hello-World","full_name":"octocat/Hello-World","private":false,"owner":{"name":"octocat","email":"octocat@github.com","login":"octocat","id":1,"type":"User"},"html_url":"https://github.com/octocat/Hello-World","description":"This your first repo!","fork":false,"url":"https://github.com/octocat/Hello-World","created_at":1298675765,"updated_at":"2026-01-05T12:00:00Z","pushed_at":1767614400,"default_branch":"main","master_branch":"main"},"pusher":{"name":"octocat","email":"octocat@github.com"},"sender":{"login":"octocat","id":1,"type":"User","site_admin":false},"created":false,"deleted":false,"forced":false,"base_ref":null,"compare":"https://github.com/octocat/Hello-World/compare/000000000000...abcd","commits":[{"id":"abcd00000000000000000000000000000001","tree_id":"0000000000000000000000000000000000000001","distinct":true,"message":"Delivery 1 of run abcd: café ✓","timestamp":"2026-01-05T12:00:00Z","url":"https://github.com/octocat/Hello-World/commit/1","author":{"name":"Mona Lisa","email":"mona@github.com","username":"octocat"},"committer":{"name":"Mona Lisa","email":"mona@github.com","username":"octocat"},"added":["README.md"],"removed":[],"modified":["docs/index.md"]}],"head_commit":null}`)
	return &Delivery{
		Time: time.Now(), Method: "POST", URL: "http://127.0.0.1:8080/hook", Path: "/hook",
		Header: http.Header{
			"Content-Type": {"application/json"}, "User-Agent": {"GitHub-Hookshot/listenload"}, "X-Github-Event": {"push"},
			"X-Github-Delivery": {"abcd-000000000001"}, "X-Github-Hook-Id": {"1"}, "Content-Length": {"1500"},
			"X-Hub-Signature-256": {"sha256=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}, "Accept-Encoding": {"gzip"},
		},
		Body: body, Event: "push", Status: 200, Forwarded: true,
		Verification: Verification{Result: Verified, Schemes: []string{"X-Hub-Signature-256"}},
		App:          &AppAnswer{URL: "http://127.0.0.1:3000/hook", Status: 200, Elapsed: 312 * time.Microsecond},
	}
}

func BenchmarkAppendJSON(b *testing.B) {
	d, buf := benchDelivery(), make([]byte, 0, 8192)
	for b.Loop() {
		buf = d.AppendJSON(buf[:0], nil)
	}
}

func BenchmarkAppendRecording(b *testing.B) {
	d, buf := benchDelivery(), make([]byte, 0, 8192)
	for b.Loop() {
		buf = d.AppendRecording(buf[:0])
	}
}
