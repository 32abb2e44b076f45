package trello

import (
	"time"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// SampleDelivery is a delivery body shaped like Trello's own (VENDORS.md):
// an action of type event (a fresh id each time, as each real action has),
// the watched model, and the webhook.
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
			"id":              newID(now),
			"idMemberCreator": "4fc78a59a885233f4b349bd9",
			"data":            actionData(event, model),
			"type":            event,
			"date":            now.UTC().Format("2006-01-02T15:04:05.000Z"),
			"memberCreator": map[string]any{
				"id": "4fc78a59a885233f4b349bd9", "fullName": "Doug Patti", "username": "doug",
				"initials": "DP", "avatarHash": nil,
			},
		},
		"model": map[string]any{
			"id": model, "name": "Trello Development", "desc": "", "closed": false,
			"idOrganization": "4d5ea62fd76aa1136000000b", "pinned": false,
			"url": "https://trello.com/b/nC8QJJoZ/trello-development", "shortUrl": "https://trello.com/b/nC8QJJoZ",
		},
		"webhook": map[string]any{
			"id": w.ID, "description": desc, "idModel": model, "callbackURL": w.URL, "active": active,
		},
	}
}
