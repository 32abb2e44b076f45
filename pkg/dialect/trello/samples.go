package trello

import (
	_ "embed"
	"net/http"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// SampleEvents are the action types `trigger` builds a sample of.
var SampleEvents = []string{
	"updateCard", "createCard", "deleteCard", "commentCard", "addMemberToCard",
	"removeMemberFromCard", "addLabelToCard", "addAttachmentToCard",
	"addChecklistToCard", "updateCheckItemStateOnCard", "moveCardToBoard",
	"createList", "updateList", "addMemberToBoard", "updateBoard", "voteOnCard",
}

//go:embed samples.yaml
var samplesYAML []byte

var templates = kit.Samples(samplesYAML)

// Samples are Trello deliveries: {"action","model","webhook"} for an
// action type, signed by Signer.
var Samples = &spec.Samples{
	Events:       SampleEvents,
	DefaultEvent: "updateCard",
	Shape:        `{"action":{"type",…},"model","webhook"}`,
	Sample:       sample,
	Event:        kit.BodyString("action.type"),
}

// deliveryID is the delivery's action id: Trello sends each action once
// per webhook, so the same one twice is a replay.
func deliveryID(h http.Header, body []byte) string {
	if id := kit.BodyString("action.id")(h, body); id != "" {
		return "trello action " + id
	}
	return ""
}

// sample is a delivery of event to hook: a fresh action (id and date),
// the watched model and the webhook.
func sample(event string, hook webhook.Webhook, now time.Time) (http.Header, map[string]any, error) {
	if err := kit.Known(SampleEvents, "Trello", event); err != nil {
		return nil, nil, err
	}
	return delivery(event, hook, now)
}

// delivery is sample for any action type, the known ones in their shape.
func delivery(event string, hook webhook.Webhook, now time.Time) (http.Header, map[string]any, error) {
	if hook.ID == "" {
		hook.ID = kit.Fill("{unixhex}{hex:16}", event, hook, now).(string)
	}
	if hook.Model == nil || *hook.Model == "" {
		model := "4d5ea62fd76aa1136000000c"
		hook.Model = &model
	}
	return kit.Headers(templates(), event, hook, now), kit.Sample(templates(), event, hook, now), nil
}
