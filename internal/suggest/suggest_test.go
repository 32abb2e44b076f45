package suggest

import (
	"reflect"
	"testing"
)

func TestNearest(t *testing.T) {
	cmds := []string{"list", "show", "add", "use", "remove", "check"}
	for _, tc := range []struct {
		typed string
		want  []string
	}{
		{"sho", []string{"show"}},
		{"lst", []string{"list"}},
		{"SHOW", []string{"show"}},
		{"rem", []string{"remove"}}, // a prefix, 3 edits away
		{"zzzzzz", nil},
		{"ad", []string{"add"}},
		{"", nil},
	} {
		if got := Nearest(tc.typed, cmds); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Nearest(%q) = %v, want %v", tc.typed, got, tc.want)
		}
	}
	if got := Phrase("tokn", []string{"token", "key"}, func(s string) string { return "`" + s + "`" }); got != "did you mean `token`?" {
		t.Errorf("Phrase = %q", got)
	}
	if got := Phrase("ab", []string{"a", "b"}, func(s string) string { return s }); got != "did you mean a or b?" {
		t.Errorf("Phrase two = %q", got)
	}
}
