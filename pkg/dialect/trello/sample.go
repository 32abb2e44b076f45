package trello

import (
	"time"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// SampleDelivery is a delivery body shaped like Trello's own (VENDORS.md):
// an action, the watched model, and the webhook.
func SampleDelivery(w webhook.Webhook, event string, now time.Time) map[string]any {
	model := "4d5ea62fd76aa1136000000c"
	if w.Model != nil && *w.Model != "" {
		model = *w.Model
	}
	desc := ""
	if w.Description != nil {
		desc = *w.Description
	}
	active := true
	if w.Active != nil {
		active = *w.Active
	}
	return map[string]any{
		"action": map[string]any{
			"id":              "51f9424bcd6e040f3c002412",
			"idMemberCreator": "4fc78a59a885233f4b349bd9",
			"data": map[string]any{
				"board": map[string]any{"name": "Trello Development", "id": model},
				"card":  map[string]any{"idShort": 1458, "name": "Webhooks", "id": "51a79e72dbb7e23c7c003778"},
			},
			"type": event,
			"date": now.UTC().Format("2006-01-02T15:04:05.000Z"),
			"memberCreator": map[string]any{
				"id": "4fc78a59a885233f4b349bd9", "fullName": "Doug Patti", "username": "doug",
			},
		},
		"model": map[string]any{
			"id": model, "name": "Trello Development", "closed": false,
			"url": "https://trello.com/b/nC8QJJoZ/trello-development",
		},
		"webhook": map[string]any{
			"id": w.ID, "description": desc, "idModel": model, "callbackURL": w.URL, "active": active,
		},
	}
}
