package webhook

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/hookctl/hookctl/internal/suggest"
)

// Common field names of the model.
const (
	FieldID          = "id"
	FieldURL         = "url"
	FieldDescription = "description"
	FieldModel       = "model"
	FieldEvents      = "events"
	FieldActive      = "active"
	FieldFailures    = "failures"
	FieldLastStatus  = "last-status"
)

// MaxDescription is the longest description any dialect accepts.
const MaxDescription = 16384

// Kind is the type of a field's value; it decides parsing and validation.
type Kind int

// Field kinds.
const (
	KindString Kind = iota
	KindURL
	KindBool
	KindHexID
	KindEvents
	KindInt
)

// Field is one field of a dialect: its common name, the vendor's own name, and
// what values it takes.
type Field struct {
	// Name is the common-model name, e.g. "url".
	Name string
	// Native is the vendor's name, e.g. "callbackURL".
	Native string
	// Kind is the value type.
	Kind Kind
	// Required fields must be given on create.
	Required bool
	// ReadOnly fields (id, failures) cannot be set.
	ReadOnly bool
	// Help is a short description for help text and completion.
	Help string
	// Setting marks a dialect's own setting that is no field of the common
	// model (GitHub's content_type): set-field and get ID FIELD take it, but
	// it is never a column and never part of export.
	Setting bool
	// Default is a Setting's value when none was ever set.
	Default string
	// Hint tells a user whose value has the wrong shape where to find a
	// right one (Trello: a board's link is not its id; here is its id).
	Hint string
	// Resolves reports whether a value of another shape is one the backend
	// turns into the field's value itself (Trello: a board's link or short
	// link, for its id); nil: none.
	Resolves func(string) bool
}

// Values lists the finite values the field takes, for completion (nil when
// the values are open-ended).
func (f *Field) Values(s *Schema) []string {
	switch f.Kind {
	case KindBool:
		return []string{"true", "false"}
	case KindEvents:
		return s.Events
	}
	return nil
}

// Schema is one dialect's declaration: its fields, events and id format. It
// is the single table behind validation, field aliases, help and completion.
type Schema struct {
	// Dialect is the dialect's name, e.g. "trello".
	Dialect string
	// Fields lists the fields the dialect has, in display order.
	Fields []Field
	// Events lists the event names the dialect knows (nil if it has none).
	Events []string
	// DefaultEvent is the event `test` sends when none is given.
	DefaultEvent string
	// StrictEvents makes unknown event names an error unless allowed.
	StrictEvents bool
	// MinEvents is how many events a webhook needs.
	MinEvents int
	// HTTPSOnly refuses plain http callback URLs, except to a loopback host
	// (a local receiver such as `hookctl listen`; the network policy makes the same
	// exception for base URLs).
	HTTPSOnly bool
	// IDPattern reports whether an id has the dialect's shape; nil accepts
	// any non-empty, path-safe id.
	IDPattern func(string) bool
	// IDHelp describes the id format in error messages, e.g. "24 hex characters".
	IDHelp string
	// KeyFields are the common fields that identify a webhook naturally
	// (Trello: url and model), for apply and for create recovery.
	KeyFields []string
	// WriteOnlySecret says create and update take a signing secret that the
	// backend never shows back (GitHub's config.secret).
	WriteOnlySecret bool
	// EventsNeed names, for the events only some of a dialect's webhooks
	// take, the profile key that makes them available (GitLab's member
	// events are a group's: "member" needs "group"); other events are for
	// every webhook.
	EventsNeed map[string]string
	// LogRetention is how long the backend keeps its delivery log ("7
	// days"), said when the log is empty; "" when it keeps none.
	LogRetention string
	// AccountLog says the delivery log is the account's, not a webhook's:
	// `hookctl deliveries` takes no webhook id (Stripe's events).
	AccountLog bool
	// LogStatusFilter says the backend filters its delivery log by status
	// (webhook.DeliveryStatusFilter).
	LogStatusFilter bool
	// OneTimeSecret says create's answer carries a signing secret that the
	// backend shows only then (the model's Secret).
	OneTimeSecret bool
	// MaxDescription is the longest description the vendor takes, in
	// characters; 0 means MaxDescription, the common limit.
	MaxDescription int
}

// maxListedEvents is the longest list of event names an error spells out.
const maxListedEvents = 30

// DescriptionLimit is the longest description the dialect takes.
func (s *Schema) DescriptionLimit() int {
	if s.MaxDescription > 0 {
		return s.MaxDescription
	}
	return MaxDescription
}

// Field finds a field by its common or native name, ignoring case. A
// setting whose native name ends in ".*" (metadata.*) stands for each key
// of an object: "metadata.order_id" is found as a setting of its own.
func (s *Schema) Field(name string) (*Field, bool) {
	for i := range s.Fields {
		f := &s.Fields[i]
		if strings.EqualFold(f.Name, name) || strings.EqualFold(f.Native, name) {
			return f, true
		}
		if obj, ok := strings.CutSuffix(f.Native, ".*"); ok && f.Setting {
			if key, ok := strings.CutPrefix(name, f.Name+"."); ok && key != "" && !strings.ContainsAny(key, ".[]") {
				return &Field{Name: name, Native: obj + "." + key, Kind: f.Kind, Setting: true, Help: f.Help}, true
			}
		}
	}
	return nil, false
}

// Has reports whether the dialect has the common field name.
func (s *Schema) Has(name string) bool {
	_, ok := s.Field(name)
	return ok
}

// FieldNames lists the common names of the dialect's fields (its settings
// are not fields of the model: see Field.Setting).
func (s *Schema) FieldNames() []string {
	names := make([]string, 0, len(s.Fields))
	for _, f := range s.Fields {
		if !f.Setting {
			names = append(names, f.Name)
		}
	}
	return names
}

// AllFieldNames lists common and native names (each once), for completion.
func (s *Schema) AllFieldNames() []string {
	var names []string
	for _, f := range s.Fields {
		names = append(names, f.Name)
		if f.Native != "" && f.Native != f.Name {
			names = append(names, f.Native)
		}
	}
	return names
}

// LookupField is Field with a validation error naming the fields the dialect
// does have.
func (s *Schema) LookupField(name string) (*Field, error) {
	if f, ok := s.Field(name); ok {
		return f, nil
	}
	return nil, s.Unsupported(name)
}

// Unsupported is the error for a field the dialect lacks.
func (s *Schema) Unsupported(name string) error {
	if strings.EqualFold(name, "token") || strings.EqualFold(name, "secret") {
		return Invalid("", "%s webhooks have no field %q: a signing secret is never shown back (where the backend makes one, create shows it once and --secret-out saves it); create and update set one with --secret-stdin where the dialect takes one", s.Dialect, name)
	}
	var settings []string
	for _, f := range s.Fields {
		if f.Setting {
			settings = append(settings, f.Name)
		}
	}
	also := ""
	if len(settings) > 0 {
		also = "; settings: " + strings.Join(settings, ", ")
	}
	return Invalid("", "%s webhooks have no field %q (fields: %s%s)", s.Dialect, name, strings.Join(s.FieldNames(), ", "), also)
}

// ValidateID checks an id's shape before it goes into a URL.
func (s *Schema) ValidateID(id string) error {
	if strings.TrimSpace(id) == "" {
		return Invalid("", "webhook id is empty")
	}
	if s.IDPattern != nil && !s.IDPattern(id) {
		return Invalid("", "invalid %s webhook id %q: expected %s", s.Dialect, id, s.IDHelp)
	}
	if strings.ContainsAny(id, "/?#%") {
		return Invalid("", "invalid webhook id %q", id)
	}
	return nil
}

// HexID24 reports whether s is 24 hex digits (Trello's ids and models).
func HexID24(s string) bool {
	return len(s) == 24 && isHex(s)
}

// UUID reports whether s is a UUID in its canonical 8-4-4-4-12 hex form.
func UUID(s string) bool {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return false
	}
	return isHex(s[:8]) && isHex(s[9:13]) && isHex(s[14:18]) && isHex(s[19:23]) && isHex(s[24:])
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// ValidateURL checks a callback URL: absolute http(s), https when required
// unless the host is loopback.
func (s *Schema) ValidateURL(flag, raw string) error {
	if msg := URLSpace(raw); msg != "" {
		return Invalid(flag, "%s", msg)
	}
	u, err := url.Parse(raw)
	var ue *url.Error
	if errors.As(err, &ue) && strings.Contains(ue.Err.Error(), "invalid port") {
		return Invalid(flag, "%q: the port is not a port number (1-65535)", raw)
	}
	if err != nil || !u.IsAbs() || u.Host == "" {
		return Invalid(flag, "%q is not an absolute URL (want https://host/path)", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if s.HTTPSOnly && !IsLoopbackHost(u.Hostname()) {
			return Invalid(flag, "%s requires an https callback URL, got %q", s.Dialect, raw)
		}
	default:
		return Invalid(flag, "unsupported scheme %q: want http or https", u.Scheme)
	}
	if err := CheckPort(u); err != nil {
		return Invalid(flag, "%q: %v", raw, err)
	}
	return nil
}

// URLSpace says what is wrong with a URL (scheme://…) that holds white
// space (which url.Parse calls "not absolute" or an invalid host), "" when
// it has none or is no URL at all.
func URLSpace(raw string) string {
	i := strings.IndexFunc(raw, unicode.IsSpace)
	if i < 0 || !strings.Contains(strings.TrimSpace(raw), "://") {
		return ""
	}
	what := "a space"
	if raw[i] != ' ' {
		what = "white space"
	}
	return fmt.Sprintf("%q contains %s, which a URL cannot hold (in a path, write a space as %%20)", raw, what)
}

// ParseBool accepts true or false in any case.
func ParseBool(flag, v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, Invalid(flag, "%q is not true or false", v)
}

// Validate checks changes against the schema. creating also requires the
// required fields. allowUnknownEvents lifts the event-name check. Every
// problem is reported at once (a *ValidationError, or Problems when there
// are several), so a user fixes the command line in one go.
func (s *Schema) Validate(c Changes, creating, allowUnknownEvents bool) error {
	var probs Problems
	given := map[string]bool{
		FieldURL: c.URL != nil, FieldDescription: c.Description != nil, FieldModel: c.Model != nil,
		FieldEvents: c.Events != nil, FieldActive: c.Active != nil,
	}
	for _, name := range []string{FieldURL, FieldDescription, FieldModel, FieldEvents, FieldActive} {
		if given[name] && !s.Has(name) {
			probs = append(probs, s.Unsupported(name))
		}
	}
	if c.Secret != nil && !s.WriteOnlySecret {
		return Invalid("--secret-stdin", "%s webhooks take no secret on create or update", s.Dialect)
	}
	for name := range c.Settings {
		if f, ok := s.Field(name); !ok || !f.Setting {
			return s.Unsupported(name)
		}
	}
	if creating {
		var missing []string
		for _, f := range s.Fields {
			if f.Required && !given[f.Name] {
				missing = append(missing, "--"+FlagName(f.Name))
			}
		}
		switch len(missing) {
		case 0:
		case 1:
			probs = append(probs, Invalid(missing[0], "is required to create %s webhook", A(s.Dialect)))
		default:
			probs = append(probs, Invalid("", "%s are required to create %s webhook",
				And(missing), A(s.Dialect)))
		}
	}
	if c.URL != nil {
		if err := s.ValidateURL("--url", *c.URL); err != nil {
			probs = append(probs, err)
		}
	}
	if c.Description != nil {
		if n, most := len([]rune(*c.Description)), s.DescriptionLimit(); n > most {
			probs = append(probs, Invalid("--description", "is %d characters; at most %d are allowed", n, most))
		}
	}
	if f, _ := s.Field(FieldModel); c.Model != nil && !HexID24(*c.Model) && (f == nil || f.Resolves == nil || !f.Resolves(*c.Model)) {
		hint := ""
		if f != nil && f.Hint != "" {
			hint = ": " + f.Hint
		}
		probs = append(probs, Invalid("--model", "%q is not a model id (24 hex characters)%s", *c.Model, hint))
	}
	if c.Events != nil {
		if len(c.Events) < s.MinEvents {
			probs = append(probs, Invalid("--event", "%s webhook needs at least %d event", A(s.Dialect), s.MinEvents))
		}
		var unknown []string
		for _, e := range c.Events {
			switch {
			case strings.TrimSpace(e) == "":
				probs = append(probs, Invalid("--event", "event name is empty"))
			case s.StrictEvents && !allowUnknownEvents && !slices.Contains(s.Events, e):
				unknown = append(unknown, strconv.Quote(e))
			}
		}
		if len(unknown) > 0 {
			hint := ""
			if len(unknown) == 1 {
				if h := suggest.Phrase(c.Events[slices.IndexFunc(c.Events, func(e string) bool { return strconv.Quote(e) == unknown[0] })], s.Events, strconv.Quote); h != "" {
					hint = ": " + h
				}
			}
			known := "known: " + strings.Join(s.Events, ", ")
			if len(s.Events) > maxListedEvents {
				// Stripe has 266: a line a user can read names how to see them.
				known = fmt.Sprintf("%d known: TAB completes them, hookctl vendor show %s lists them", len(s.Events), s.Dialect)
			}
			probs = append(probs, Invalid("--event", "unknown %s event %s%s (pass --allow-unknown-events to send it anyway; %s)",
				s.Dialect, strings.Join(unknown, ", "), hint, known))
		}
	}
	return probs.Err()
}

// Problems are several validation errors found together. Its message is
// them all on one line; errors.Is(p, ErrValidation) and errors.As with a
// *ValidationError see each.
type Problems []error

func (p Problems) Error() string {
	parts := make([]string, len(p))
	for i, e := range p {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (p Problems) Unwrap() []error { return p }

// JoinProblems joins validation errors (nil ones skipped, Problems
// flattened) into one error reporting them all, or nil.
func JoinProblems(errs ...error) error {
	var p Problems
	for _, e := range errs {
		if more, ok := e.(Problems); ok {
			p = append(p, more...)
		} else if e != nil {
			p = append(p, e)
		}
	}
	return p.Err()
}

// Err is nil for no problems, the problem itself for one, else p.
func (p Problems) Err() error {
	switch len(p) {
	case 0:
		return nil
	case 1:
		return p[0]
	}
	return p
}

// FlagName is the create and update flag that sets a common field:
// the field's name, except "event" for events.
func FlagName(field string) string {
	if field == FieldEvents {
		return "event"
	}
	return field
}

// ParseField turns one FIELD VALUE pair (set-field) into Changes, checking the
// value's shape. Events take a comma-separated list.
func (s *Schema) ParseField(f *Field, value string) (Changes, error) {
	var c Changes
	if f.ReadOnly {
		return c, Invalid(f.Name, "is read-only")
	}
	if f.Setting {
		if f.Kind == KindBool {
			if _, err := ParseBool(f.Name, value); err != nil {
				return c, err
			}
		}
		c.Settings = map[string]string{f.Native: value}
		return c, nil
	}
	switch f.Name {
	case FieldURL:
		c.URL = &value
	case FieldDescription:
		c.Description = &value
	case FieldModel:
		c.Model = &value
	case FieldEvents:
		c.Events = SplitList(value)
	case FieldActive:
		b, err := ParseBool(f.Name, value)
		if err != nil {
			return c, err
		}
		c.Active = &b
	default:
		return c, s.Unsupported(f.Name)
	}
	return c, nil
}

// SplitList splits a comma-separated list (events on the command line or
// in set-field), trimming items and dropping empty ones. The result is never
// nil: an empty list was still given.
func SplitList(v string) []string {
	out := []string{}
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Value returns a field of w as JSON-ready data, and whether w has it.
func (w *Webhook) Value(name string) (any, bool) {
	switch name {
	case FieldID:
		return w.ID, true
	case FieldURL:
		return w.URL, true
	case FieldDescription:
		return deref(w.Description)
	case FieldModel:
		return deref(w.Model)
	case FieldEvents:
		return w.Events, w.Events != nil
	case FieldActive:
		return deref(w.Active)
	case FieldFailures:
		return deref(w.Failures)
	case FieldLastStatus:
		return deref(w.LastStatus)
	}
	return nil, false
}

func deref[T any](p *T) (any, bool) {
	if p == nil {
		return nil, false
	}
	return *p, true
}

// Text is a field's value as plain text: strings bare, lists comma-joined.
func Text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case []string:
		return strings.Join(v, ",")
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = Text(e)
		}
		return strings.Join(parts, ",")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// RawText is a JSON value as plain text: strings unquoted, null empty,
// anything else compact JSON.
func RawText(raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, ",")
	}
	return strings.TrimSpace(string(raw))
}
