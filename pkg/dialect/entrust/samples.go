package entrust

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Samples are Entrust IDaaS deliveries: an event envelope
// {"id","type","accountId","eventTime","data"}, signed by Signer.
var Samples = &spec.Samples{
	Events:       Events,
	DefaultEvent: "user.created",
	Shape:        `{"id","type","accountId","eventTime","data"}`,
	Sample:       sample,
	Event:        event,
}

// event is the envelope's type.
func event(_ http.Header, body []byte) string {
	var v struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	return v.Type
}

func sample(event string, _ webhook.Webhook, now time.Time) (http.Header, map[string]any, error) {
	known := false
	for _, e := range Events {
		known = known || e == event
	}
	if !known {
		return nil, nil, fmt.Errorf("no sample of Entrust event %q", event)
	}
	entityType, name := "USERS", "janesmith"
	switch {
	case strings.HasPrefix(event, "authentication."):
		entityType = "AUTHENTICATION"
	case strings.HasPrefix(event, "passkey."), strings.HasPrefix(event, "face."):
		entityType = "AUTHENTICATORS"
	case strings.HasPrefix(event, "grid."):
		entityType = "GRIDS"
	case strings.HasPrefix(event, "kba."):
		entityType = "KBA"
	}
	body := map[string]any{
		"id":        webhook.RandomUUID(),
		"type":      event,
		"accountId": "6bd0a2a5-8c5e-4f0c-9d9e-1f2a3b4c5d6e",
		"eventTime": now.UTC().Format("2006-01-02T15:04:05.000Z"),
		"data": map[string]any{
			"subject":     webhook.RandomUUID(),
			"subjectName": "adminuser",
			"subjectType": "USER",
			"entityType":  entityType,
			"entityId":    webhook.RandomUUID(),
			"entityName":  name,
			"entityAttributes": map[string]any{
				"userId": name, "email": "jane.smith@example.com",
				"firstName": "Jane", "lastName": "Smith", "state": "ACTIVE",
			},
		},
	}
	return http.Header{"Content-Type": {"application/json"}}, body, nil
}
