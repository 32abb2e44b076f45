package trello

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

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

// Samples are Trello deliveries: {"action","model","webhook"} for an
// action type, signed by Signer.
var Samples = &spec.Samples{
	Events:       SampleEvents,
	DefaultEvent: "updateCard",
	Shape:        `{"action":{"type",…},"model","webhook"}`,
	Sample:       sample,
	Event:        event,
}

// event is a delivery's action type.
func event(_ http.Header, body []byte) string {
	var v struct {
		Action struct {
			Type string `json:"type"`
		} `json:"action"`
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	return v.Action.Type
}

// DeliveryID is the delivery's action id: Trello sends each action once
// per webhook, so the same one twice is a replay.
func (Signer) DeliveryID(_ http.Header, body []byte) string {
	var v struct {
		Action struct {
			ID string `json:"id"`
		} `json:"action"`
	}
	if json.Unmarshal(body, &v) != nil || v.Action.ID == "" {
		return ""
	}
	return "trello action " + v.Action.ID
}

func sample(event string, hook webhook.Webhook, now time.Time) (http.Header, map[string]any, error) {
	known := false
	for _, e := range SampleEvents {
		known = known || e == event
	}
	if !known {
		return nil, nil, fmt.Errorf("no sample of Trello action %q", event)
	}
	if hook.ID == "" {
		hook.ID = newID(now)
	}
	b, _ := json.Marshal(SampleDelivery(hook, event, now))
	var body map[string]any
	if err := json.Unmarshal(b, &body); err != nil {
		return nil, nil, err
	}
	h := http.Header{"Content-Type": {"application/json"}, "User-Agent": {"Trello"}}
	return h, body, nil
}

// newID is a Trello-shaped id: 8 hex digits of Unix time, then 16 random.
func newID(now time.Time) string {
	return fmt.Sprintf("%08x", now.Unix()) + webhook.RandomHex(8)
}

// actionData is the data object of an action of type event, on the board
// model, about the usual card.
func actionData(event, model string) map[string]any {
	board := map[string]any{"name": "Trello Development", "id": model, "shortLink": "nC8QJJoZ"}
	list := map[string]any{"name": "Doing", "id": "51a79e72dbb7e23c7c003770"}
	card := map[string]any{"idShort": 1458, "name": "Webhooks", "id": "51a79e72dbb7e23c7c003778", "shortLink": "Eq5KHRje"}
	member := map[string]any{"id": "4fc78a59a885233f4b349bda", "name": "Jane Doe"}
	d := map[string]any{"board": board}
	switch event {
	case "createCard", "deleteCard", "voteOnCard", "addMemberToCard", "removeMemberFromCard",
		"addLabelToCard", "addAttachmentToCard", "addChecklistToCard", "updateCheckItemStateOnCard", "commentCard":
		d["card"], d["list"] = card, list
	}
	switch event {
	case "updateCard":
		d["card"] = map[string]any{"idShort": 1458, "name": "Webhooks", "id": card["id"], "shortLink": card["shortLink"], "idList": "51a79e72dbb7e23c7c003771"}
		d["old"] = map[string]any{"idList": list["id"]}
		d["listBefore"] = list
		d["listAfter"] = map[string]any{"name": "Done", "id": "51a79e72dbb7e23c7c003771"}
	case "commentCard":
		d["text"] = "Looks good to me."
	case "voteOnCard":
		d["voted"] = true
	case "addMemberToCard", "removeMemberFromCard":
		d["idMember"], d["member"] = member["id"], member
	case "addLabelToCard":
		d["label"] = map[string]any{"id": "5abbe4b7ddc1b351ef961420", "name": "Bug", "color": "red"}
	case "addAttachmentToCard":
		d["attachment"] = map[string]any{"id": "5abbe4b7ddc1b351ef961421", "name": "screenshot.png", "url": "https://trello.com/1/cards/51a79e72dbb7e23c7c003778/attachments/5abbe4b7ddc1b351ef961421/download/screenshot.png"}
	case "addChecklistToCard":
		d["checklist"] = map[string]any{"id": "5abbe4b7ddc1b351ef961422", "name": "Checklist"}
	case "updateCheckItemStateOnCard":
		d["checklist"] = map[string]any{"id": "5abbe4b7ddc1b351ef961422", "name": "Checklist"}
		d["checkItem"] = map[string]any{"id": "5abbe4b7ddc1b351ef961423", "name": "Write tests", "state": "complete"}
	case "moveCardToBoard":
		d["card"], d["list"] = card, list
		d["boardSource"] = map[string]any{"id": "4d5ea62fd76aa1136000000d", "name": "Backlog"}
	case "createList":
		d["list"] = list
	case "updateList":
		d["list"] = map[string]any{"name": "Doing now", "id": list["id"]}
		d["old"] = map[string]any{"name": "Doing"}
	case "addMemberToBoard":
		d["idMemberAdded"], d["member"] = member["id"], member
	case "updateBoard":
		d["board"] = map[string]any{"name": "Trello Development", "id": model, "shortLink": "nC8QJJoZ", "prefs": map[string]any{"permissionLevel": "org"}}
		d["old"] = map[string]any{"prefs": map[string]any{"permissionLevel": "private"}}
	}
	return d
}
