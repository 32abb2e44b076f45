package contracttest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestFormValue(t *testing.T) {
	got, err := formValue("enabled_events[]=a&enabled_events[]=b&metadata[k]=v&disabled=true&x[0][y]=1")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"enabled_events": []any{"a", "b"}, "metadata": map[string]any{"k": "v"}, "disabled": "true",
		"x": []any{map[string]any{"y": "1"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("formValue = %#v, want %#v", got, want)
	}
	if _, err := formValue("a[b=1"); err == nil {
		t.Error("unbalanced brackets were accepted")
	}
}

// A form body is checked against its schema: a member the schema lacks, or
// a value of the wrong type, fails; a right one, with its strings read as
// the schema's booleans, passes.
func TestFormAgainstSchema(t *testing.T) {
	schema := &openapi3.Schema{Type: &openapi3.Types{"object"}, Required: []string{"url"},
		Properties: openapi3.Schemas{
			"url":            {Value: &openapi3.Schema{Type: &openapi3.Types{"string"}}},
			"disabled":       {Value: &openapi3.Schema{Type: &openapi3.Types{"boolean"}}},
			"enabled_events": {Value: &openapi3.Schema{Type: &openapi3.Types{"array"}, Items: &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"string"}}}}},
		},
		AdditionalProperties: openapi3.AdditionalProperties{Has: new(bool)}}
	for body, ok := range map[string]bool{
		"url=https://e.com&disabled=true&enabled_events[]=a": true,
		"url=https://e.com&nope=1":                           false,
		"url=https://e.com&disabled=maybe":                   false,
		"disabled=true":                                      false,
	} {
		v, err := formValue(body)
		if err == nil {
			err = schema.VisitJSON(coerce(schema, v))
		}
		if (err == nil) != ok {
			t.Errorf("%s: %v", body, strings.SplitN(errString(err), "\n", 2)[0])
		}
	}
}

func errString(err error) string {
	if err == nil {
		return "accepted"
	}
	return err.Error()
}
