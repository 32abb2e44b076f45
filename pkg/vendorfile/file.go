// Package vendorfile reads vendor files: a REST webhook API described in
// one YAML file instead of Go. A vendor file names the API's base URL and
// profile keys, how requests authenticate, each operation's method and
// path, where the common webhook model's fields are in the vendor's JSON,
// how deliveries are signed and what the vendor's errors look like.
//
// The same File drives the client (pkg/dialect/filevendor builds a
// dialect descriptor and a Backend from it) and the sandbox's generic
// emulator (pkg/sandbox/filevendor). docs/vendors.md describes the format
// with a worked example.
//
// Stability: File and its parts are hookctl's vendor-file format; keys
// are added, not renamed or removed, within a major version.
package vendorfile

import (
	"sync"
	"time"
)

// File is one vendor file.
type File struct {
	// Name is the dialect's name in profiles ("zendesk"): lower-case
	// letters, digits and '-'.
	Name string `yaml:"name"`
	// Title is the vendor's name for people ("Zendesk").
	Title string `yaml:"title"`
	// BaseURL is the API root, a template over the profile's keys
	// ("https://{subdomain}.zendesk.com"); a profile's base-url replaces it.
	BaseURL string `yaml:"base-url"`
	// Keys are the profile keys, in the order `profile add` asks for them.
	Keys Keys `yaml:"keys"`
	// Auth says how every request proves who it is.
	Auth Auth `yaml:"auth"`
	// Headers are sent on every request (templates over the keys).
	Headers map[string]string `yaml:"headers"`
	// Encoding of request bodies: "json" (the default) or "form" (Stripe's
	// a[b]=c and a[]=x).
	Encoding string `yaml:"encoding"`
	// OpenAPI names the vendor's OpenAPI description, for `hookctl vendor
	// check` (a path relative to the file).
	OpenAPI string `yaml:"openapi"`
	// RateLimit is the vendor's documented limit, "N/DURATION" ("25/1s"),
	// which the client keeps under unless the profile sets rate-limit.
	RateLimit string `yaml:"rate-limit"`

	// The operations. List, Create and Delete are required; without Get a
	// webhook is found by listing; without Update nothing can change;
	// without Test, `hookctl test` signs a sample and sends it itself.
	List   *Operation `yaml:"list"`
	Get    *Operation `yaml:"get"`
	Create *Operation `yaml:"create"`
	Update *Operation `yaml:"update"`
	Delete *Operation `yaml:"delete"`
	Test   *Operation `yaml:"test"`

	// Log is where the vendor keeps a log of its deliveries, for `hookctl
	// deliveries`; nil: it keeps none hookctl can read.
	Log *DeliveryLog `yaml:"log"`

	// Fields map the common model onto the vendor's JSON.
	Fields Fields `yaml:"fields"`
	// Settings are the vendor's own fields that `set-field` may change,
	// by name → path ("metadata.*" lets `set-field ID metadata.KEY VALUE`
	// change any key of an object).
	Settings map[string]string `yaml:"settings"`
	// Limits are the vendor's documented limits, checked before sending.
	Limits Limits `yaml:"limits"`
	// Signing says how deliveries are signed; nil: the vendor does not sign.
	Signing *Signing `yaml:"signing"`
	// Deliveries says how to read a delivery's event name and id.
	Deliveries DeliveryShape `yaml:"deliveries"`
	// Errors say where an error answer's message is.
	Errors ErrorShape `yaml:"errors"`
	// Events are the vendor's event names: completion offers them, and
	// create refuses others unless --allow-unknown-events. "*" is kept as
	// the vendor's "all events" where it has one. A list item may be a
	// mapping of a prefix to its names ({charge: [failed, succeeded]} is
	// charge.failed and charge.succeeded), to keep a long catalogue short.
	Events Events `yaml:"events"`
	// DefaultEvent is the event `test` and `trigger` send by default (the
	// first of Events when empty).
	DefaultEvent string `yaml:"default-event"`
	// Sample is the body of a sample delivery, for any event; Samples
	// replace it for one event. Strings in them may hold placeholders:
	// {event} {uuid} {id} {now} {unix} {hook.id} {hook.url}.
	Sample  any            `yaml:"sample"`
	Samples map[string]any `yaml:"samples"`
	// SamplesFrom names a JSON file beside this one, an object of event
	// name → sample body, for samples too big for the file (the vendor's
	// own fixtures); Samples win over it.
	SamplesFrom string `yaml:"samples-from"`
	// Sandbox is what the generic emulator needs beyond the API itself.
	Sandbox Sandbox `yaml:"sandbox"`

	// Source is where the file was read from ("built in", a path), set by
	// the loader; not a key of the file.
	Source string `yaml:"-"`
	// lines are the line numbers of the file's keys, by dotted path.
	lines map[string]int
	// Siblings reads a file beside this one (samples-from); set by the
	// loader.
	Siblings func(name string) ([]byte, error) `yaml:"-"`
	fixtures struct {
		once sync.Once
		m    map[string]any
		err  error
	}
}

// Key is one profile key.
type Key struct {
	Name string `yaml:"-"`
	// Required marks a key the vendor cannot work without.
	Required bool `yaml:"required"`
	// Secret marks a credential: kept in the keyring, masked, redacted.
	Secret bool `yaml:"secret"`
	// Env names environment variables read, in order, when the profile
	// does not set the key.
	Env StringList `yaml:"env"`
	// Label is the question `profile add` asks; Help its longer help.
	Label string `yaml:"label"`
	Help  string `yaml:"help"`
	// Default is what an empty answer means.
	Default string `yaml:"default"`
	// Unless names a key whose presence makes this one optional.
	Unless string `yaml:"unless"`
	// Reject maps a prefix to why a value starting with it can never work
	// here (pk_: "a publishable key cannot manage webhook endpoints").
	Reject map[string]string `yaml:"reject"`
}

// Keys are a file's profile keys in the file's order. base-url, which
// every profile has, may be listed among them to place `profile add`'s
// question and word it (its label, help and default as shown).
type Keys []Key

// Events are event names; see File.Events.
type Events []string

// StringList is a YAML string or list of strings.
type StringList []string

// Auth says how a request authenticates: exactly one of Bearer, Basic,
// Header (with Value) or Query (with Value).
type Auth struct {
	// Bearer sends "Authorization: Bearer VALUE".
	Bearer string `yaml:"bearer"`
	// Basic sends HTTP basic authentication with [user, password].
	Basic []string `yaml:"basic"`
	// Header sends the header Header with Value ("Token token={token}").
	Header string `yaml:"header"`
	// Query sends the query parameter Query with Value.
	Query string `yaml:"query"`
	Value string `yaml:"value"`
}

// Operation is one call of the vendor's API.
type Operation struct {
	// Method is the HTTP method.
	Method string `yaml:"method"`
	// Path is the path after the base URL, a template over the profile's
	// keys and {id} (the webhook's id); {event} in test.
	Path string `yaml:"path"`
	// Query are query parameters sent with the call.
	Query map[string]string `yaml:"query"`
	// Items is the path of the array in a list answer ("" when the answer
	// is the array).
	Items string `yaml:"items"`
	// Item is the path of the webhook in an answer ("" when the answer is
	// the webhook).
	Item string `yaml:"item"`
	// Wrap is the member a request body is wrapped in ({"webhook":{…}}).
	Wrap string `yaml:"wrap"`
	// Page says how a list is paged; nil: one answer holds the whole list.
	Page *Page `yaml:"page"`
	// Defaults are members a create sends unless the user set them (paths
	// inside the wrapped object).
	Defaults map[string]any `yaml:"defaults"`
	// Writes are the common fields this call can change; others are
	// refused before sending (empty: every field the file maps).
	Writes []string `yaml:"writes"`
	// Replace: the call replaces the whole object (PUT): read it, change
	// it, send it whole.
	Replace bool `yaml:"replace"`
	// IdempotencyKey names a body member (outside Wrap) that carries a
	// fresh key, reused on the call's retries (Square's idempotency_key).
	IdempotencyKey string `yaml:"idempotency-key"`
	// Body is the test call's body, a template ({event} {hook.url}
	// {hook.id}). A test call whose path has no {id} names the URL in its
	// body ({hook.url}): `hookctl test --url URL` uses it too, and the
	// emulator delivers to that URL.
	Body map[string]any `yaml:"body"`
	// Event is the event a test call always sends, whatever is asked
	// (PagerDuty's ping: pagey.ping); "" when the call names one, or the
	// vendor sends one of the webhook's.
	Event string `yaml:"event"`
	// Status is the status of a successful answer, for the emulator
	// (default 200).
	Status int `yaml:"status"`
	// Answer, for the emulator: members added to a list's answer
	// (Stripe's object: list), or the whole answer of a delete or test
	// (a template of {id} {status} {now} {uuid}).
	Answer map[string]any `yaml:"answer"`
	// Reports, for a test call the vendor makes at once, is the path in
	// its answer of the status the receiver answered: that is the test's
	// status. The emulator then answers an error when it could not
	// deliver.
	Reports string `yaml:"reports"`
}

// Page says how a list is paged: by a cursor in the answer, by the last
// item's id, by offset, or by the Link header.
type Page struct {
	// Cursor is the path of the next page's cursor in the answer.
	Cursor string `yaml:"cursor"`
	// LastID: the cursor is the id of the page's last webhook (Stripe's
	// starting_after).
	LastID bool `yaml:"last-id"`
	// Param is the query parameter the cursor goes in.
	Param string `yaml:"param"`
	// More is the path of a boolean that says another page exists.
	More string `yaml:"more"`
	// OffsetParam pages by offset (PagerDuty's offset).
	OffsetParam string `yaml:"offset-param"`
	// SizeParam and Size ask for pages of Size webhooks.
	SizeParam string `yaml:"size-param"`
	Size      int    `yaml:"size"`
	// Link follows the Link header's rel="next" (RFC 8288).
	Link bool `yaml:"link"`
}

// DeliveryLog is the vendor's log of deliveries (Stripe's events).
type DeliveryLog struct {
	// List lists the log, newest first; Get reads one entry ({id}).
	List *Operation `yaml:"list"`
	Get  *Operation `yaml:"get"`
	// Account: the log is the account's, not a webhook's, and `hookctl
	// deliveries` takes no webhook id.
	Account bool `yaml:"account"`
	// Retention says how long the vendor keeps entries ("30 days").
	Retention string `yaml:"retention"`
	// Statuses map a value of `deliveries --status` to the query that asks
	// the vendor for it (failed: {delivery_success: "false"}).
	Statuses map[string]map[string]string `yaml:"statuses"`
	// Fields say where an entry's id, event, time (Unix seconds or RFC
	// 3339) and the count of deliveries still pending are.
	Fields LogFields `yaml:"fields"`
}

// LogFields are the paths of a delivery log entry's members.
type LogFields struct {
	ID      string `yaml:"id"`
	Event   string `yaml:"event"`
	At      string `yaml:"at"`
	Pending string `yaml:"pending"`
}

// Fields map the common model's fields to paths in the vendor's JSON
// (dotted: "delivery_method.url").
type Fields struct {
	ID          string `yaml:"id"`
	URL         string `yaml:"url"`
	Description string `yaml:"description"`
	Events      string `yaml:"events"`
	Active      Active `yaml:"active"`
	// Secret is a one-time or write-only signing secret.
	Secret string `yaml:"secret"`
}

// Active is where the model's active is: a boolean at Path, or a string
// that is WhenTrue or WhenFalse.
type Active struct {
	Path      string `yaml:"path"`
	WhenTrue  string `yaml:"when-true"`
	WhenFalse string `yaml:"when-false"`
	// Write is where a change of active is written, when not where it is
	// read (Stripe reads status: enabled, and writes disabled: false).
	Write *Active `yaml:"write"`
}

// Limits are checked before a request is sent.
type Limits struct {
	// Description is the longest description, in characters (default
	// 16384).
	Description int `yaml:"description"`
	// Webhooks is the most webhooks an account may have (the emulator
	// refuses more).
	Webhooks int `yaml:"webhooks"`
	// MinEvents is the fewest events a webhook may have.
	MinEvents int `yaml:"min-events"`
	// HTTPS: callback URLs must be https (loopback excepted).
	HTTPS bool `yaml:"https"`
	// SettingKey and SettingValue bound the key and the value of a
	// wildcard setting (metadata.KEY), in characters; SettingKeys bounds
	// how many keys it may have (the emulator checks that one).
	SettingKey   int `yaml:"setting-key"`
	SettingValue int `yaml:"setting-value"`
	SettingKeys  int `yaml:"setting-keys"`
}

// Signing says how deliveries are signed.
type Signing struct {
	// Algorithm is hmac-sha1 or hmac-sha256.
	Algorithm string `yaml:"algorithm"`
	// Encoding of the signature: hex or base64.
	Encoding string `yaml:"encoding"`
	// Message is what is signed, a template of {body} {url} {timestamp}
	// {id}.
	Message string `yaml:"message"`
	// Header carries the signature, in Format ("v1={signature}",
	// "t={timestamp},v1={signature}"); during a secret rotation it may
	// hold several, comma-separated.
	Header string `yaml:"header"`
	Format string `yaml:"format"`
	// TimestampHeader carries {timestamp} when Format does not.
	TimestampHeader string `yaml:"timestamp-header"`
	// IDHeader carries {id}.
	IDHeader string `yaml:"id-header"`
	// Tolerance is how old a timestamp may be (default 5m when the
	// message has a timestamp).
	Tolerance Duration `yaml:"tolerance"`
	// Secret names the secret for people ("signing secret").
	Secret string `yaml:"secret"`
}

// Duration is a YAML duration ("5m").
type Duration time.Duration

// DeliveryShape says where a delivery's event name and id are.
type DeliveryShape struct {
	// Event is the body path of the event's name ("type").
	Event string `yaml:"event"`
	// EventHeader is the header that names the event, instead.
	EventHeader string `yaml:"event-header"`
	// ID is the body path of the delivery's id.
	ID string `yaml:"id"`
	// IDHeader is the header that carries it, instead.
	IDHeader string `yaml:"id-header"`
	// Headers are sent with every sample delivery (templates, as samples).
	Headers map[string]string `yaml:"headers"`
}

// ErrorShape says where an error answer's message is.
type ErrorShape struct {
	// Message lists paths; the first that exists in an answer is its
	// message.
	Message StringList `yaml:"message"`
	// Code is the path of the vendor's error code, when it has one.
	Code string `yaml:"code"`
	// Codes are the vendor's error codes the emulator answers with, by
	// kind: not-found, invalid, unauthorized, unknown-parameter, limit,
	// rate-limited, unavailable.
	Codes map[string]string `yaml:"codes"`
	// Hints are a hint line for an answer's HTTP status (401: where to
	// find a key).
	Hints map[int]string `yaml:"hints"`
	// Body is the shape of an error answer, for the emulator: a template
	// of {message} {code} {status} {param}. Without it the emulator puts
	// the message at the first Message path.
	Body map[string]any `yaml:"body"`
	// Fields is the path of an object of messages by field name, each a
	// string or a list (Rails' {"errors":{"url":["is invalid"]}}): read
	// as "url is invalid" ("base" names no field). The emulator answers a
	// refused field in that shape, in Rails' words.
	Fields string `yaml:"fields"`
}

// Sandbox is what the generic emulator needs beyond the API.
type Sandbox struct {
	// Values are the built-in sandbox profile's keys (the credentials the
	// emulator accepts); a key left out is "sandbox-KEY".
	Values map[string]string `yaml:"values"`
	// ID is the form of a new webhook's id: a prefix and one of {hex:N},
	// {alnum:N}, {upper:N}, {digits:N}, {base64:N}, {uuid}
	// ("we_{alnum:24}").
	ID string `yaml:"id"`
	// Secret is the form of a new webhook's one-time secret, as ID.
	Secret string `yaml:"secret"`
	// Fields are members the vendor sets on a new webhook itself
	// (created: "{unix}", object: webhook_endpoint), templates as samples.
	Fields map[string]any `yaml:"fields"`
	// Strict: refuse a request member the file does not know, as the
	// vendor does (Stripe's parameter_unknown).
	Strict bool `yaml:"strict"`
	// Root serves the API at the sandbox's root instead of under /NAME
	// (Stripe's SDKs insist on finding /v1/… there).
	Root bool `yaml:"root"`
}
