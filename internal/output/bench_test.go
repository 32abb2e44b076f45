package output

import (
	"encoding/json"
	"io"
	"strconv"
	"testing"

	"github.com/hookctl/hookctl/pkg/webhook"
)

const benchSize = 10000

// benchWebhooks is n webhooks with every field set, as a Trello list returns.
func benchWebhooks(n int) []webhook.Webhook {
	ws := make([]webhook.Webhook, n)
	for i := range ws {
		id := strconv.FormatInt(int64(0x5f1a00000000+i), 16) + "0123456789ab"
		ws[i] = webhook.Webhook{
			ID:          id,
			URL:         "https://hooks.example.com/trello/" + id + "?token=abc&x=1",
			Description: ptr("Webhook number " + strconv.Itoa(i) + " for the board"),
			Model:       ptr("4d5ea62fd76aa1136000000c"),
			Active:      ptr(i%3 != 0),
			Failures:    ptr(i % 7),
			Raw:         json.RawMessage(`{"id":"` + id + `","description":"Webhook","idModel":"4d5ea62fd76aa1136000000c","callbackURL":"https://hooks.example.com/trello/` + id + `","active":true,"consecutiveFailures":0}`),
		}
	}
	return ws
}

var benchCols = []string{"id", "url", "description", "model", "active", "failures"}

func benchList(b *testing.B, opts Options) {
	ws := benchWebhooks(benchSize)
	opts.Columns = benchCols
	p, err := New(io.Discard, opts)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := p.List(ws); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkList_tsv(b *testing.B)     { benchList(b, Options{Format: TSV}) }
func BenchmarkList_quiet(b *testing.B)   { benchList(b, Options{Format: TSV, Quiet: true}) }
func BenchmarkList_csv(b *testing.B)     { benchList(b, Options{Format: CSV}) }
func BenchmarkList_jsonl(b *testing.B)   { benchList(b, Options{Format: JSONL}) }
func BenchmarkList_json(b *testing.B)    { benchList(b, Options{Format: JSON}) }
func BenchmarkList_jsonRaw(b *testing.B) { benchList(b, Options{Format: JSON, Raw: true}) }
func BenchmarkList_yaml(b *testing.B)    { benchList(b, Options{Format: YAML}) }
func BenchmarkList_table(b *testing.B)   { benchList(b, Options{Format: Table, Width: 120}) }
func BenchmarkList_jq(b *testing.B)      { benchList(b, Options{JQ: ".[].url"}) }
func BenchmarkList_template(b *testing.B) {
	benchList(b, Options{Template: "{{range .}}{{.id}} {{.url}}\n{{end}}"})
}
