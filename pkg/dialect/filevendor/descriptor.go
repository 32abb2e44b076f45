// Package filevendor makes a dialect of a vendor file: its descriptor
// (schema, profile keys, signing, samples, sandbox profile) and a Backend
// that speaks the API the file describes. A vendor file needs no Go: the
// built-in ones are embedded by the registry (pkg/dialect), a user's are
// read from the config directory.
package filevendor

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/httpx"
	sandboxfile "github.com/hookctl/hookctl/pkg/sandbox/filevendor"
	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Descriptor returns the dialect the vendor file f describes.
func Descriptor(f *vendorfile.File) *spec.Descriptor {
	schema := Schema(f)
	d := &spec.Descriptor{
		Name:   f.Name,
		Title:  f.Title,
		Schema: schema,
		Keys:   keys(f),
		Source: f.Source,
		Open: func(v spec.Values, c spec.Clients) (webhook.Backend, error) {
			b, err := Open(f, schema, v, c)
			switch {
			case err != nil:
				return nil, err
			case f.Log != nil:
				return logBackend{b}, nil
			}
			return b, nil
		},
	}
	if len(vendorfile.Vars(f.BaseURL)) == 0 {
		d.DefaultBaseURL = f.BaseURL
	} else {
		d.BaseURLFrom = func(v spec.Values) string {
			u, err := baseURL(f, v)
			if err != nil {
				return ""
			}
			return u
		}
	}
	if f.RateLimit != "" {
		d.RateLimit, d.RateWindow, _ = httpx.ParseRate(f.RateLimit)
	}
	if s := f.Signing; s != nil {
		secret := s.Secret
		if secret == "" {
			secret = "signing secret"
		}
		d.Signing = spec.Signing{Signer: Signer{f}, Schemes: s.Header, Method: method(s), Secret: secret, ProfileKey: vendorfile.SecretKey}
	}
	d.Samples = &spec.Samples{
		Events:       sampleEvents(f),
		DefaultEvent: schema.DefaultEvent,
		Shape:        "a JSON body in " + f.Title + "'s shape",
		Sample: func(event string, hook webhook.Webhook, now time.Time) (http.Header, map[string]any, error) {
			return Sample(f, event, hook, now)
		},
		Event: func(h http.Header, body []byte) string { return deliveryEvent(f, h, body) },
	}
	d.Test = testHelp(f)
	em := sandboxfile.New(f)
	values := spec.Values{"dialect": f.Name}
	for k, v := range em.Values() {
		values[k] = v
	}
	d.Sandbox = spec.Sandbox{Emulator: em, Profile: SandboxProfile(f.Name), Values: values}
	return d
}

// testHelp says how `hookctl test` delivers for the file's dialect.
func testHelp(f *vendorfile.File) string {
	switch {
	case f.Test != nil && strings.Contains(f.Test.Path, "{id}") && f.Test.Event != "":
		return f.Title + "'s own test call (" + f.Test.Method + " " + f.Test.Path + "), which always sends " + f.Test.Event + "; --url: hookctl signs a sample and sends it"
	case f.Test != nil && strings.Contains(f.Test.Path, "{id}"):
		return f.Title + "'s own test call (" + f.Test.Method + " " + f.Test.Path + "); --url: hookctl signs a sample and sends it"
	case f.Test != nil:
		return f.Title + "'s own test call, to the webhook's URL or --url"
	case f.Signing != nil:
		return "hookctl signs a sample with the profile's secret and sends it (" + f.Title + " has no test call)"
	}
	return "hookctl sends a sample (" + f.Title + " has no test call)"
}

// SandboxProfile is the name of the built-in sandbox profile of the file
// dialect called name.
func SandboxProfile(name string) string { return "sandbox-" + name }

// Schema is the field table of the file's dialect.
func Schema(f *vendorfile.File) *webhook.Schema {
	s := &webhook.Schema{
		Dialect:        f.Name,
		IDHelp:         "a " + f.Title + " webhook id",
		KeyFields:      []string{webhook.FieldURL},
		HTTPSOnly:      f.Limits.HTTPS,
		MinEvents:      f.Limits.MinEvents,
		MaxDescription: f.Limits.Description,
		OneTimeSecret:  f.Fields.Secret != "",
	}
	if l := f.Log; l != nil {
		s.LogRetention, s.AccountLog, s.LogStatusFilter = l.Retention, l.Account, len(l.Statuses) > 0
		if s.LogRetention == "" {
			s.LogRetention = "a while"
		}
	}
	native := f.Path
	s.Fields = append(s.Fields,
		webhook.Field{Name: webhook.FieldID, Native: native(webhook.FieldID), Kind: webhook.KindString, ReadOnly: true, Help: s.IDHelp},
		webhook.Field{Name: webhook.FieldURL, Native: native(webhook.FieldURL), Kind: webhook.KindURL, Required: true, Help: "URL that receives the deliveries"})
	if f.Maps(webhook.FieldDescription) {
		s.Fields = append(s.Fields, webhook.Field{Name: webhook.FieldDescription, Native: native(webhook.FieldDescription), Kind: webhook.KindString, Help: "what the webhook is for"})
	}
	if f.Maps(webhook.FieldEvents) {
		s.Fields = append(s.Fields, webhook.Field{Name: webhook.FieldEvents, Native: native(webhook.FieldEvents), Kind: webhook.KindEvents,
			Required: f.Limits.MinEvents > 0, Help: "events that trigger a delivery (repeat --event, or a comma-separated list)"})
	}
	if f.Maps(webhook.FieldActive) {
		s.Fields = append(s.Fields, webhook.Field{Name: webhook.FieldActive, Native: native(webhook.FieldActive), Kind: webhook.KindBool, Help: "whether deliveries are sent"})
	}
	names := make([]string, 0, len(f.Settings))
	for name := range f.Settings {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		s.Fields = append(s.Fields, webhook.Field{Name: name, Native: f.Settings[name], Kind: webhook.KindString, Setting: true,
			Help: f.Title + "'s own " + name})
	}
	s.Events = slices.Clone(f.Events)
	s.StrictEvents = len(f.Events) > 0
	s.DefaultEvent = f.DefaultEvent
	if s.DefaultEvent == "" {
		if ev := sampleEvents(f); len(ev) > 0 {
			s.DefaultEvent = ev[0]
		}
	}
	return s
}

// keys are the profile keys `profile add` asks for: the file's, then the
// signing secret, then base-url.
func keys(f *vendorfile.File) []spec.Key {
	var out []spec.Key
	has := map[string]bool{}
	base := spec.Key{Name: spec.KeyBaseURL, Label: "Base URL", Default: f.BaseURL, Help: "only for a proxy or the sandbox"}
	for _, k := range f.Keys {
		if k.Name == spec.KeyBaseURL { // placed and worded by the file
			base.Label, base.Help, base.Default = cmp.Or(k.Label, base.Label), cmp.Or(k.Help, base.Help), cmp.Or(k.Default, base.Default)
			out = append(out, base)
			has[k.Name] = true
			continue
		}
		label := k.Label
		if label == "" {
			label = f.Title + " " + strings.ReplaceAll(k.Name, "-", " ")
		}
		// A key the environment can give (STRIPE_API_KEY) may be left out
		// of the profile; Open still needs it from one or the other.
		out = append(out, spec.Key{Name: k.Name, Label: label, Help: k.Help, Secret: k.Secret, Required: k.Required && len(k.Env) == 0,
			Default: k.Default, Unless: k.Unless, Env: slices.Clone([]string(k.Env))})
		has[k.Name] = true
	}
	if !has[vendorfile.SecretKey] && f.Signing != nil {
		out = append(out, spec.Key{Name: vendorfile.SecretKey, Label: "Signing secret (empty: none)", Secret: true,
			Help: "the " + f.Title + " webhook's signing secret; it verifies and signs deliveries (listen, trigger, replay)"})
	}
	if has[spec.KeyBaseURL] {
		return out
	}
	return append(out, base)
}

// method says in words how deliveries are signed, for help.
func method(s *vendorfile.Signing) string {
	alg := "HMAC-SHA256"
	if s.Algorithm == "hmac-sha1" {
		alg = "HMAC-SHA1"
	}
	parts := vendorfile.Vars(s.Message)
	words := map[string]string{"body": "the body", "url": "the URL", "timestamp": "a timestamp", "id": "the delivery's id"}
	var covered []string
	for _, p := range parts {
		covered = append(covered, words[p])
	}
	return "the " + alg + " of " + webhook.And(covered) + " (" + s.Encoding + ")"
}

// sampleEvents are the events trigger offers: the file's, without "*".
func sampleEvents(f *vendorfile.File) []string {
	var out []string
	for _, e := range f.Events {
		if e != "*" {
			out = append(out, e)
		}
	}
	return out
}

// Sample is a delivery of event for hook in the file's shape: the file's
// delivery headers and its sample body (the event's own when it has one),
// with fresh ids and times.
func Sample(f *vendorfile.File, event string, hook webhook.Webhook, now time.Time) (http.Header, map[string]any, error) {
	if len(f.Events) > 0 && !slices.Contains(f.Events, event) {
		return nil, nil, webhook.Invalid("", "%s has no event %q (events: %s)", f.Title, event, strings.Join(sampleEvents(f), ", "))
	}
	tmpl, err := f.SampleOf(event)
	if err != nil {
		return nil, nil, err
	}
	if tmpl == nil {
		tmpl = map[string]any{"id": "{uuid}", "event": "{event}", "created_at": "{now}"}
	}
	body, _ := kit.Fill(tmpl, event, hook, now).(map[string]any)
	if body == nil {
		return nil, nil, webhook.Invalid("", "%s: the sample of %s is not a JSON object", f.Source, event)
	}
	h := http.Header{}
	for k, v := range f.Deliveries.Headers {
		h.Set(k, kit.Fill(v, event, hook, now).(string))
	}
	if f.Deliveries.EventHeader != "" {
		h.Set(f.Deliveries.EventHeader, event)
	}
	if f.Deliveries.IDHeader != "" && h.Get(f.Deliveries.IDHeader) == "" {
		h.Set(f.Deliveries.IDHeader, kit.Fill("{uuid}", event, hook, now).(string))
	}
	return h, body, nil
}

// deliveryEvent names a delivery's event as the file says where it is;
// "" when the delivery does not look like the vendor's.
func deliveryEvent(f *vendorfile.File, h http.Header, body []byte) string {
	return fromDelivery(h, body, f.Deliveries.EventHeader, f.Deliveries.Event)
}

// deliveryID is a delivery's id as the file says where it is.
func deliveryID(f *vendorfile.File, h http.Header, body []byte) string {
	return fromDelivery(h, body, f.Deliveries.IDHeader, f.Deliveries.ID)
}

// fromDelivery reads a header when the file names one, else a body path;
// "" when it names neither.
func fromDelivery(h http.Header, body []byte, header, path string) string {
	switch {
	case header != "":
		return h.Get(header)
	case path != "":
		return jsonString(body, path)
	}
	return ""
}

// Signer signs and verifies deliveries as the file's signing: says.
type Signer struct{ f *vendorfile.File }

// Sign sets the signature headers for body, sent to callbackURL, now.
func (s Signer) Sign(h http.Header, body []byte, secret, callbackURL string) {
	s.f.Signing.Sign(h, secret, vendorfile.Delivery{Body: body, URL: callbackURL, ID: deliveryID(s.f, h, body)}, time.Now())
}

// Signed reports whether h carries the signature header.
func (s Signer) Signed(h http.Header) bool { return s.f.Signing.Signed(h) }

// DeliveryID is the delivery's id, for replay detection.
func (s Signer) DeliveryID(h http.Header, body []byte) string { return deliveryID(s.f, h, body) }

// Verify checks a received delivery's signature; an expired timestamp is
// told apart from a wrong signature.
func (s Signer) Verify(r *http.Request, body []byte, secret, callbackURL string) spec.Verification {
	sg := s.f.Signing
	out := spec.Verification{}
	signed := sg.Signed(r.Header)
	if signed {
		out.Schemes = []string{sg.Header}
	}
	switch {
	case !signed && secret == "":
		out.Result = spec.Unsigned
		return out
	case !signed:
		out.Result, out.Detail = spec.Failed, "no "+sg.Header+" header"
		return out
	case secret == "":
		out.Result, out.Detail = spec.NoSecret, "set the profile's secret (the "+s.f.Title+" "+s.f.Signing.Secret+") to verify"
		return out
	}
	switch sg.Verify(r.Header, secret, vendorfile.Delivery{Body: body, URL: callbackURL}, time.Now()) {
	case vendorfile.Valid:
		out.Result = spec.Verified
	case vendorfile.Expired:
		out.Result, out.Detail = spec.Failed, sg.Header+" is expired: signed outside the tolerance (a replay, or a clock off)"
	case vendorfile.Malformed:
		out.Result, out.Detail = spec.Failed, sg.Header+" is not in "+s.f.Title+"'s format"
	default:
		detail := sg.Header + " does not match (wrong secret?)"
		if slices.Contains(vendorfile.Vars(sg.Message), "url") {
			detail = sg.Header + " does not match (wrong secret, or not the URL it was sent to: pass --callback-url)"
		}
		out.Result, out.Detail = spec.Failed, detail
	}
	return out
}
