package dialect

import "testing"

// The registry's costs (docs/performance.md, "Vendor files"): what a run
// pays to read the built-in vendor files, every one (help, hookctl
// sandbox), one (a profile of that dialect), or only their profile keys
// (a profile of any dialect).

func BenchmarkRegistryAll(b *testing.B) {
	for i := 0; i < b.N; i++ {
		UseVendorFiles("", nil, nil)
		_ = All()
	}
}

func BenchmarkRegistryLookupFile(b *testing.B) {
	name := ""
	UseVendorFiles("", nil, nil)
	for _, d := range All() {
		if d.Source != "" {
			name = d.Name // the first vendor file
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		UseVendorFiles("", nil, nil)
		if _, err := Lookup(name); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRegistryKeyNames(b *testing.B) {
	for i := 0; i < b.N; i++ {
		UseVendorFiles("", nil, nil)
		_, _ = KeyNames()
	}
}
