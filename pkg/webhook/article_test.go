package webhook

import "testing"

func TestA(t *testing.T) {
	for in, want := range map[string]string{"trello": "a trello", "supportbee": "a supportbee", "entrust": "an entrust", "github": "a github", "Entrust": "an Entrust"} {
		if got := A(in); got != want {
			t.Errorf("A(%q) = %q, want %q", in, got, want)
		}
	}
}
