package dialect

import "testing"

func TestBuiltinVendorFilesLoad(t *testing.T) {
	UseVendorFiles("", nil, nil)
	probs, _ := Problems()
	for _, p := range probs {
		t.Errorf("built-in vendor file: %v", p)
	}
	for _, name := range []string{"pagerduty", "square"} {
		if _, err := Lookup(name); err != nil {
			t.Errorf("Lookup(%q): %v", name, err)
		}
	}
}
