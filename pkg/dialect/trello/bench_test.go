package trello

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect/internal/dialecttest"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// benchSize is the list size of issue 9's targets.
const benchSize = dialecttest.BenchSize

// benchBody is a GET /tokens/{token}/webhooks answer of n webhooks, in
// Trello's key order and spacing.
func benchBody(n int) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		id := strconv.FormatInt(int64(0x5f1a00000000+i), 16) + "0123456789ab"
		b.WriteString(`{"id":"` + id + `","description":"Webhook number ` + strconv.Itoa(i) +
			` for the board","idModel":"4d5ea62fd76aa1136000000c","callbackURL":"https://hooks.example.com/trello/` + id +
			`?x=1","active":` + strconv.FormatBool(i%3 != 0) + `,"consecutiveFailures":` + strconv.Itoa(i%7) +
			`,"firstConsecutiveFailDate":null}`)
	}
	b.WriteByte(']')
	return b.Bytes()
}

// BenchmarkDecodeList is decoding and model mapping of a 10,000-webhook list.
func BenchmarkDecodeList(b *testing.B) {
	dialecttest.BenchDecodeList(b, benchBody(benchSize), wireHook.List)
}

// BenchmarkList is Backend.List end to end minus the socket.
func BenchmarkList(b *testing.B) {
	dialecttest.BenchList(b, benchBody(benchSize), nil, func(c *httpx.Client) (webhook.Backend, error) {
		return New(Config{Key: "k", Token: "t", BaseURL: "http://trello.test/1", Client: c})
	})
}
