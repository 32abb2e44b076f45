package supportbee

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

// benchBody is a GET /web_hooks.json answer of n web hooks.
func benchBody(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"web_hooks":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		id := "1_20120501" + strconv.Itoa(100000+i)
		b.WriteString(`{"id":"` + id + `","url":"https://hooks.example.com/supportbee/` + id + `?x=1"}`)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// BenchmarkDecodeList is decoding and model mapping of a 10,000-webhook list.
func BenchmarkDecodeList(b *testing.B) {
	dialecttest.BenchDecodeList(b, benchBody(benchSize), decodeList)
}

// BenchmarkList is Backend.List end to end minus the socket.
func BenchmarkList(b *testing.B) {
	dialecttest.BenchList(b, benchBody(benchSize), nil, func(c *httpx.Client) (webhook.Backend, error) {
		return New(Config{AuthToken: "t", BaseURL: "http://supportbee.test", Client: c})
	})
}
