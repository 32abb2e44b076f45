package supportbee

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Samples are SupportBee deliveries:
// {"payload":{"action_type","company","ticket"[,"reply"|"comment"]}},
// POSTed as JSON and not signed.
var Samples = &spec.Samples{
	Events:       Events,
	DefaultEvent: "ticket.created",
	Shape:        `{"payload":{"action_type","company","ticket",…}}`,
	Sample:       sample,
	Event:        event,
}

// event is a delivery's payload.action_type.
func event(_ http.Header, body []byte) string {
	var v struct {
		Payload struct {
			ActionType string `json:"action_type"`
		} `json:"payload"`
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	return v.Payload.ActionType
}

func sample(event string, _ webhook.Webhook, now time.Time) (http.Header, map[string]any, error) {
	known := false
	for _, e := range Events {
		known = known || e == event
	}
	if !known {
		return nil, nil, fmt.Errorf("no sample of SupportBee event %q", event)
	}
	h := http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}}
	return h, map[string]any{"payload": payload(event, now)}, nil
}

// payload is the "payload" object of a delivery of event.
func payload(event string, now time.Time) map[string]any {
	ts := now.UTC().Format(time.RFC3339)
	agent := map[string]any{"id": 2.0, "name": "Sam Agent", "email": "agent@acme.example", "agent": true, "role": "admin"}
	customer := map[string]any{"id": 3.0, "name": "Jane Customer", "email": "jane@example.com", "agent": false}
	content := func(text string) map[string]any {
		return map[string]any{"text": text, "html": "<p>" + text + "</p>", "attachments": []any{}}
	}
	ticket := map[string]any{
		"id": 1001.0, "subject": "Cannot log in", "created_at": ts, "last_activity_at": ts,
		"replies_count": 0.0, "agent_replies_count": 0.0, "comments_count": 0.0,
		"unanswered": event != "ticket.answered", "archived": event == "ticket.archived",
		"spam": event == "ticket.marked.as.spam", "trash": event == "ticket.trashed", "starred": false,
		"requester": customer, "cc": []any{}, "labels": []any{},
		"content": content("Hello, I cannot log in since this morning."),
	}
	switch event {
	case "ticket.assigned.to.user":
		ticket["current_user_assignee"] = map[string]any{"user": agent}
	case "ticket.assigned.to.group":
		ticket["current_team_assignee"] = map[string]any{"team": map[string]any{"id": 5.0, "name": "Support"}}
	}
	p := map[string]any{
		"action_type": event,
		"company":     map[string]any{"id": 1.0, "name": "Acme", "subdomain": "acme", "url": "https://acme.supportbee.com"},
		"ticket":      ticket,
	}
	switch event {
	case "agent.reply.created", "customer.reply.created":
		replier := agent
		if event == "customer.reply.created" {
			replier = customer
		}
		p["reply"] = map[string]any{"id": 2001.0, "created_at": ts, "replier": replier, "content": content("Thanks for writing in.")}
	case "comment.created":
		p["comment"] = map[string]any{"id": 3001.0, "created_at": ts, "commenter": agent, "content": content("Internal note.")}
	}
	return p
}
