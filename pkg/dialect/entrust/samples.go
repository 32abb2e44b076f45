package entrust

import (
	_ "embed"
	"net/http"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
)

//go:embed samples.yaml
var samplesYAML []byte

var templates = kit.Samples(samplesYAML)

// Samples are Entrust IDaaS deliveries: an event envelope
// {"id","type","accountId","eventTime","data"}, signed by Signer.
var Samples = &spec.Samples{
	Events:       Events,
	DefaultEvent: "user.created",
	Shape:        `{"id","type","accountId","eventTime","data"}`,
	Sample: func(event string, hook webhook.Webhook, now time.Time) (http.Header, map[string]any, error) {
		if err := kit.Known(Events, "Entrust", event); err != nil {
			return nil, nil, err
		}
		return http.Header{"Content-Type": {"application/json"}}, kit.Sample(templates(), event, hook, now), nil
	},
	Event: kit.BodyString("type"),
}
