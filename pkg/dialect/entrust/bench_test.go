package entrust

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/internal/dialecttest"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// benchSize is the list size of issue 9's targets.
const benchSize = dialecttest.BenchSize

// benchBody is a GET /api/web/v1/webhooks answer of n webhooks.
func benchBody(n int) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		id := fmt.Sprintf("7c9e6679-7425-40de-944b-%012x", i)
		b.WriteString(`{"id":"` + id + `","name":"Webhook number ` + strconv.Itoa(i) +
			`","callbackUrl":"https://hooks.example.com/entrust/` + id +
			`","events":["USER_CREATED","USER_DELETED"],"enabled":` + strconv.FormatBool(i%3 != 0) + `}`)
	}
	b.WriteByte(']')
	return b.Bytes()
}

// BenchmarkDecodeList is decoding and model mapping of a 10,000-webhook list.
func BenchmarkDecodeList(b *testing.B) {
	dialecttest.BenchDecodeList(b, benchBody(benchSize), wireHook.List)
}

// BenchmarkList is Backend.List end to end minus the socket: the session
// (authenticated once), httpx, decoding and mapping.
func BenchmarkList(b *testing.B) {
	auth := fmt.Appendf(nil, `{"authToken":"tok","expirationTime":%q}`, time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
	dialecttest.BenchList(b, benchBody(benchSize), auth, func(c *httpx.Client) (webhook.Backend, error) {
		return New(Config{BaseURL: "https://entrust.test", ApplicationID: "app", SharedSecret: "s", Client: c})
	})
}
