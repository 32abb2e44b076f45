package supportbee

import (
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Dialect is this dialect's name in profiles.
const Dialect = "supportbee"

// Events are the action types SupportBee documents for web hooks, in the
// order its docs name them. `test --event` must be one of them. They are the
// sandbox emulator's list (one list for client and emulator).
var Events = sandbox.SupportBeeEvents

// Schema is SupportBee's field table: a web hook is an id and a URL. Every
// web hook receives every event, so events are not a field; they only name
// the sample a test sends.
//
// IDPattern is nil: the docs show ids like 1_20120501071947 but never state
// their shape, so ids are opaque (Schema.ValidateID still keeps them
// path-safe).
var Schema = &webhook.Schema{
	Dialect: Dialect,
	Fields: []webhook.Field{
		{Name: webhook.FieldID, Native: "id", Kind: webhook.KindString, ReadOnly: true, Help: "web hook id, e.g. 1_20120501071947"},
		{Name: webhook.FieldURL, Native: "url", Kind: webhook.KindURL, Required: true, Help: "URL that receives every ticket, reply and comment event"},
	},
	Events:       Events,
	DefaultEvent: "ticket.created",
	StrictEvents: true,
	IDHelp:       "a SupportBee web hook id",
	KeyFields:    []string{webhook.FieldURL},
}
