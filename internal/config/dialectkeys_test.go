package config

import "testing"

func TestMissing(t *testing.T) {
	for _, tc := range []struct {
		dialect string
		keys    map[string]string
		want    []string
	}{
		{"trello", map[string]string{}, []string{KeyKey, KeyToken}},
		{"trello", map[string]string{KeyKey: "k", KeyToken: "t"}, nil},
		{"supportbee", map[string]string{KeyAuthToken: "a"}, []string{KeyCompany}},
		{"supportbee", map[string]string{KeyAuthToken: "a", KeyBaseURL: "https://desk.example.com"}, nil},
		{"supportbee", map[string]string{KeyAuthToken: "a", KeyCompany: "acme"}, nil},
		{"entrust", map[string]string{KeyApplicationID: "a", KeySharedSecret: "s"}, []string{KeyBaseURL}},
	} {
		var got []string
		for _, f := range Missing(tc.dialect, func(k string) string { return tc.keys[k] }) {
			got = append(got, f.Key)
		}
		if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("Missing(%s, %v) = %v, want %v", tc.dialect, tc.keys, got, tc.want)
		}
	}
}

func TestProfileKeysTable(t *testing.T) {
	for _, d := range Dialects {
		fields := ProfileKeys(d)
		if len(fields) == 0 {
			t.Fatalf("%s: no keys", d)
		}
		for _, f := range fields {
			if !AllowedKey(d, f.Key) {
				t.Errorf("%s: %s not allowed", d, f.Key)
			}
			if f.Label == "" {
				t.Errorf("%s: %s has no label", d, f.Key)
			}
		}
		if !AllowedKey(d, KeyCAFile) || !AllowedKey(d, KeyDialect) {
			t.Errorf("%s: common keys not allowed", d)
		}
	}
	if AllowedKey("supportbee", KeyApplicationID) || AllowedKey("trello", KeyCompany) {
		t.Error("a key of another dialect is allowed")
	}
	if CheckDialect("gitlab") == nil || CheckDialect("entrust") != nil || CheckDialect("github") != nil {
		t.Error("CheckDialect")
	}
}
