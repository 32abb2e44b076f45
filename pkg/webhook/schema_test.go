package webhook

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

var testSchema = &Schema{
	Dialect: "demo",
	Fields: []Field{
		{Name: FieldID, Native: "id", ReadOnly: true},
		{Name: FieldURL, Native: "callbackURL", Kind: KindURL, Required: true},
		{Name: FieldDescription, Native: "name"},
		{Name: FieldModel, Native: "idModel", Kind: KindHexID, Required: true},
		{Name: FieldActive, Native: "enabled", Kind: KindBool},
	},
	IDPattern: HexID24,
	IDHelp:    "24 hex characters",
	KeyFields: []string{FieldURL, FieldModel},
}

var strictSchema = &Schema{
	Dialect: "strict", HTTPSOnly: true, MinEvents: 1, StrictEvents: true,
	Events: []string{"user.created", "user.deleted"},
	Fields: []Field{{Name: FieldURL, Required: true}, {Name: FieldEvents, Kind: KindEvents, Required: true}},
}

func TestFieldLooksUpCommonAndNativeNames(t *testing.T) {
	for name, want := range map[string]string{"url": FieldURL, "callbackURL": FieldURL, "CALLBACKURL": FieldURL, "idModel": FieldModel, "enabled": FieldActive, "name": FieldDescription} {
		f, ok := testSchema.Field(name)
		if !ok || f.Name != want {
			t.Errorf("Field(%q) = %v, %v; want %s", name, f, ok, want)
		}
	}
	if _, err := testSchema.LookupField("colour"); err == nil || !strings.Contains(err.Error(), `demo webhooks have no field "colour" (fields: id, url, description, model, active)`) {
		t.Errorf("LookupField(colour) = %v", err)
	}
}

func TestValidate(t *testing.T) {
	long := strings.Repeat("x", MaxDescription+1)
	cases := []struct {
		name     string
		schema   *Schema
		c        Changes
		creating bool
		allow    bool
		wantErr  string
	}{
		{"ok create", testSchema, Changes{URL: ptr("https://e.com/h"), Model: ptr("4d5ea62fd76aa1136000000c")}, true, false, ""},
		{"missing model", testSchema, Changes{URL: ptr("https://e.com/h")}, true, false, "--model: is required"},
		{"update needs nothing", testSchema, Changes{Active: ptr(false)}, false, false, ""},
		{"relative url", testSchema, Changes{URL: ptr("/hook")}, false, false, "not an absolute URL"},
		{"ftp url", testSchema, Changes{URL: ptr("ftp://e.com")}, false, false, "unsupported scheme"},
		{"bad model", testSchema, Changes{Model: ptr("xyz")}, false, false, "not a model id"},
		{"long description", testSchema, Changes{Description: ptr(long)}, false, false, "16385 characters"},
		{"max description", testSchema, Changes{Description: ptr(long[1:])}, false, false, ""},
		{"unsupported field", testSchema, Changes{Events: []string{"x"}}, false, false, `no field "events"`},
		{"http refused", strictSchema, Changes{URL: ptr("http://e.com")}, false, false, "requires an https"},
		{"no events", strictSchema, Changes{Events: []string{}}, false, false, "at least 1 event"},
		{"unknown event", strictSchema, Changes{Events: []string{"user.exploded"}}, false, false, `unknown strict event "user.exploded"`},
		{"unknown event allowed", strictSchema, Changes{Events: []string{"user.exploded"}}, false, true, ""},
		{"missing events", strictSchema, Changes{URL: ptr("https://e.com")}, true, false, "--event: is required"},
	}
	for _, tc := range cases {
		err := tc.schema.Validate(tc.c, tc.creating, tc.allow)
		if tc.wantErr == "" {
			if err != nil {
				t.Errorf("%s: unexpected error %v", tc.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.wantErr)
		}
		if !errors.Is(err, ErrValidation) {
			t.Errorf("%s: %v is not a validation error", tc.name, err)
		}
	}
}

func TestValidateID(t *testing.T) {
	if err := testSchema.ValidateID("4d5ea62fd76aa1136000000c"); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"", "  ", "12345", "4d5ea62fd76aa1136000000g"} {
		if err := testSchema.ValidateID(bad); err == nil {
			t.Errorf("ValidateID(%q) accepted", bad)
		}
	}
	opaque := &Schema{Dialect: "x"}
	for _, bad := range []string{"a/b", "a?b", "a#b", "%2e"} {
		if err := opaque.ValidateID(bad); err == nil {
			t.Errorf("opaque ValidateID(%q) accepted a path-unsafe id", bad)
		}
	}
}

func TestParseField(t *testing.T) {
	f, _ := testSchema.Field("enabled")
	c, err := testSchema.ParseField(f, "TRUE")
	if err != nil || c.Active == nil || !*c.Active {
		t.Fatalf("ParseField(enabled, TRUE) = %+v, %v", c, err)
	}
	if _, err := testSchema.ParseField(f, "yes"); err == nil {
		t.Error("ParseField accepted yes for a bool")
	}
	id, _ := testSchema.Field("id")
	if _, err := testSchema.ParseField(id, "x"); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("ParseField(id) = %v", err)
	}
	ev := &Field{Name: FieldEvents, Kind: KindEvents}
	c, _ = strictSchema.ParseField(ev, "user.created, user.deleted,")
	if strings.Join(c.Events, "|") != "user.created|user.deleted" {
		t.Errorf("events = %q", c.Events)
	}
}

func TestTextAndRawText(t *testing.T) {
	if got := Text([]string{"a", "b"}); got != "a,b" {
		t.Errorf("Text(list) = %q", got)
	}
	if got := Text(true); got != "true" {
		t.Errorf("Text(true) = %q", got)
	}
	for raw, want := range map[string]string{`"x"`: "x", `null`: "", `true`: "true", `["a","b"]`: "a,b", `3`: "3"} {
		if got := RawText([]byte(raw)); got != want {
			t.Errorf("RawText(%s) = %q, want %q", raw, got, want)
		}
	}
}

func TestAPIErrorKinds(t *testing.T) {
	for status, kind := range map[int]error{401: ErrAuth, 403: ErrAuth, 404: ErrNotFound, 409: ErrConflict, 429: ErrRateLimited} {
		if err := NewAPIError(status, "x"); !errors.Is(err, kind) {
			t.Errorf("status %d: %v is not %v", status, err, kind)
		}
	}
	if err := NewAPIError(400, "bad\n\n  thing"); err.Kind != nil || err.Error() != "bad thing (HTTP 400)" {
		t.Errorf("400: %q kind %v", err.Error(), err.Kind)
	}
	if got := OneLine(strings.Repeat("é", 500), 10); len([]rune(got)) != 10 {
		t.Errorf("OneLine did not cut to 10 runes: %q", got)
	}
}

// fakeBackend lists a fixed set and counts creates.
type fakeBackend struct {
	Backend
	list    []Webhook
	creates int
}

func (f *fakeBackend) Schema() *Schema                         { return testSchema }
func (f *fakeBackend) List(context.Context) ([]Webhook, error) { return f.list, nil }

func TestRecoverCreateFindsTheWebhookInsteadOfResending(t *testing.T) {
	b := &fakeBackend{list: []Webhook{{ID: "a", URL: "https://e.com/h", Model: ptr("4d5ea62fd76aa1136000000c")}}}
	c := Changes{URL: ptr("https://e.com/h"), Model: ptr("4d5ea62fd76aa1136000000c")}
	resend := func() (Webhook, error) { b.creates++; return Webhook{ID: "new"}, nil }
	w, err := RecoverCreate(context.Background(), b, c, resend)
	if err != nil || w.ID != "a" || b.creates != 0 {
		t.Fatalf("got %v %v after %d resends; want the existing webhook and no resend", w.ID, err, b.creates)
	}
	c.URL = ptr("https://e.com/other")
	w, err = RecoverCreate(context.Background(), b, c, resend)
	if err != nil || w.ID != "new" || b.creates != 1 {
		t.Fatalf("got %v %v after %d resends; want one resend", w.ID, err, b.creates)
	}
}

func TestIDShapes(t *testing.T) {
	for id, want := range map[string]bool{
		"4d5ea62fd76aa1136000000c": true, "4D5EA62FD76AA1136000000C": true, "4d5ea62fd76aa1136000000": false,
		"4d5ea62fd76aa1136000000g": false, "": false,
	} {
		if HexID24(id) != want {
			t.Errorf("HexID24(%q) != %v", id, want)
		}
	}
	for id, want := range map[string]bool{
		"2f8fbb49-41dd-41b7-a9c9-db525df7a99e": true, "2F8FBB49-41DD-41B7-A9C9-DB525DF7A99E": true,
		"2f8fbb49-41dd-41b7-a9c9-db525df7a99": false, "2f8fbb49x41dd-41b7-a9c9-db525df7a99e": false,
		"2f8fbb49-41dd-41b7-a9c9-db525df7a9zz": false, "": false,
	} {
		if UUID(id) != want {
			t.Errorf("UUID(%q) != %v", id, want)
		}
	}
}

// Resends whose answers are lost every time end in an error that says the
// outcome is unknown and what to do, after a bounded number of tries.
func TestRecoverCreateGivesUpSayingTheOutcomeIsUnknown(t *testing.T) {
	b := &fakeBackend{}
	c := Changes{URL: ptr("https://e.com/h"), Model: ptr("4d5ea62fd76aa1136000000c")}
	lost := &APIError{Status: 503, Message: "Service Unavailable"}
	resend := func() (Webhook, error) { b.creates++; return Webhook{}, lost }
	_, err := RecoverCreate(context.Background(), b, c, resend)
	want := "the answer to the create was lost 4 times, the last: Service Unavailable (HTTP 503) (run hookctl list before creating again)"
	if err == nil || err.Error() != want || !errors.Is(err, lost) || b.creates != recoverRounds {
		t.Fatalf("after %d resends: %v; want %q", b.creates, err, want)
	}
}
