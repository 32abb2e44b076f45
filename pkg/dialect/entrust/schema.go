package entrust

import "github.com/hookctl/hookctl/pkg/webhook"

// Dialect is this dialect's name in profiles.
const Dialect = "entrust"

// Events are the webhook events Entrust IDaaS documents.
var Events = []string{
	"authentication.succeeded",
	"authentication.failed",
	"user.created",
	"user.updated",
	"user.deleted",
	"user.registration.completed",
	"password.updated",
	"kba.question.created",
	"grid.created",
	"grid.email.sent",
	"grid.password.email.sent",
	"passkey.created",
	"passkey.updated",
	"passkey.deleted",
	"magiclink.email.sent",
	"face.biometric.created",
}

// Schema is Entrust's field table: with wire.go, the one place that names
// Entrust's fields (its OpenAPI file is not public, so the native names are
// this project's best knowledge; correct them here and in wire.go).
//
// name is required on create: Entrust documents every webhook as having a
// name, and an unnamed webhook would also give apply an empty natural key.
var Schema = &webhook.Schema{
	Dialect: Dialect,
	Fields: []webhook.Field{
		{Name: webhook.FieldID, Native: "id", Kind: webhook.KindString, ReadOnly: true, Help: "webhook id (UUID)"},
		{Name: webhook.FieldURL, Native: "callbackUrl", Kind: webhook.KindURL, Required: true, Help: "https callback URL"},
		{Name: webhook.FieldDescription, Native: "name", Kind: webhook.KindString, Required: true, Help: "webhook name"},
		{Name: webhook.FieldEvents, Native: "events", Kind: webhook.KindEvents, Required: true, Help: "events delivered, at least one"},
		{Name: webhook.FieldActive, Native: "enabled", Kind: webhook.KindBool, Help: "whether deliveries are sent (default true)"},
	},
	Events:        Events,
	StrictEvents:  true,
	MinEvents:     1,
	HTTPSOnly:     true,
	IDPattern:     webhook.UUID,
	IDHelp:        "a UUID",
	KeyFields:     []string{webhook.FieldURL, webhook.FieldDescription},
	OneTimeSecret: true,
}
