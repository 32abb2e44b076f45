package entrust

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/signature"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Deliveries is the shape of Entrust IDaaS deliveries: an event envelope
// {"id","type","accountId","eventTime","data"} POSTed with both documented
// signatures keyed with the webhook's token: x-sha2-signature (hex
// HMAC-SHA256 of the body) and RFC 9421 (Content-Digest, Signature-Input,
// Signature over @method, @target-uri and content-digest, label sig).
var Deliveries = &webhook.DeliveryShape{
	Events:           Events,
	DefaultEvent:     "user.created",
	Sample:           sample,
	SignatureHeaders: []string{signature.EntrustSHA2Header, "Signature-Input", "Signature", "Content-Digest"},
	Sign: func(h http.Header, method, url string, body []byte, secret string, now time.Time) error {
		h.Set(signature.EntrustSHA2Header, signature.EntrustSHA2Sign(secret, body))
		signature.RFC9421Sign(h, method, url, body, "hookctl", secret, now)
		return nil
	},
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
