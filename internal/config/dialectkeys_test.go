package config

import "testing"

func TestMissing(t *testing.T) {
	for _, tc := range []struct {
		dialect string
		keys    map[string]string
		want    []string
	}{
		{"trello", map[string]string{}, []string{"key", "token"}},
		{"trello", map[string]string{"key": "k", "token": "t"}, nil},
		{"supportbee", map[string]string{"auth-token": "a"}, []string{"company"}},
		{"supportbee", map[string]string{"auth-token": "a", KeyBaseURL: "https://desk.example.com"}, nil},
		{"supportbee", map[string]string{"auth-token": "a", "company": "acme"}, nil},
		{"entrust", map[string]string{"application-id": "a", "shared-secret": "s"}, []string{KeyBaseURL}},
	} {
		var got []string
		for _, f := range Missing(tc.dialect, func(k string) string { return tc.keys[k] }) {
			got = append(got, f.Name)
		}
		if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("Missing(%s, %v) = %v, want %v", tc.dialect, tc.keys, got, tc.want)
		}
	}
}

func TestProfileKeysTable(t *testing.T) {
	for _, d := range Dialects() {
		fields := ProfileKeys(d)
		if len(fields) == 0 {
			t.Fatalf("%s: no keys", d)
		}
		for _, f := range fields {
			if !AllowedKey(d, f.Name) {
				t.Errorf("%s: %s not allowed", d, f.Name)
			}
			if f.Label == "" {
				t.Errorf("%s: %s has no label", d, f.Name)
			}
		}
		if !AllowedKey(d, KeyCAFile) || !AllowedKey(d, KeyDialect) {
			t.Errorf("%s: common keys not allowed", d)
		}
	}
	if AllowedKey("supportbee", "application-id") || AllowedKey("trello", "company") {
		t.Error("a key of another dialect is allowed")
	}
	if CheckDialect("nosuch") == nil || CheckDialect("entrust") != nil {
		t.Error("CheckDialect")
	}
}
