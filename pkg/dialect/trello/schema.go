package trello

import "github.com/hookctl/hookctl/pkg/webhook"

// Dialect is this dialect's name in profiles.
const Dialect = "trello"

// Schema is Trello's field table: the one place that maps the common model
// onto Trello's names and says what each field takes.
var Schema = &webhook.Schema{
	Dialect: Dialect,
	Fields: []webhook.Field{
		{Name: webhook.FieldID, Native: "id", Kind: webhook.KindHexID, ReadOnly: true, Help: "webhook id (24 hex)"},
		{Name: webhook.FieldURL, Native: "callbackURL", Kind: webhook.KindURL, Required: true, Help: "callback URL"},
		{Name: webhook.FieldDescription, Native: "description", Kind: webhook.KindString, Help: "free text, up to 16384 characters"},
		{Name: webhook.FieldModel, Native: "idModel", Kind: webhook.KindHexID, Required: true, Help: "id of the watched board, card, list or member (24 hex), or a board's link or short link",
			Hint: "give its 24-hex id, or a board's link (https://trello.com/b/SHORTLINK/…) or short link, which hookctl looks up", Resolves: boardRef},
		{Name: webhook.FieldActive, Native: "active", Kind: webhook.KindBool, Help: "whether deliveries are sent"},
		{Name: webhook.FieldFailures, Native: "consecutiveFailures", Kind: webhook.KindInt, ReadOnly: true, Help: "failed deliveries in a row"},
	},
	DefaultEvent: "updateCard",
	Events:       SampleEvents,
	IDPattern:    webhook.HexID24,
	IDHelp:       "24 hex characters",
	KeyFields:    []string{webhook.FieldURL, webhook.FieldModel},
}
