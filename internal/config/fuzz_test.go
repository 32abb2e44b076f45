package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzConfigLoad reads any bytes as a config file, then selects and resolves
// every profile in it: errors are fine, panics are not, and an error is one
// line that never shows a secret value from the file.
func FuzzConfigLoad(f *testing.F) {
	for _, seed := range []string{
		"profile: work\nprofiles:\n  work:\n    dialect: trello\n    key: k-123456\n    token: t-123456\n",
		"profiles:\n  sb:\n    dialect: supportbee\n    company: acme\n    auth-token: a-123456\n    rate-limit: 10/s\n",
		"profiles:\n  e:\n    dialect: entrust\n    base-url: https://x.us.trustedauth.com\n    application-id: app\n    shared-secret: s-123456\n    ca-file: /tmp/ca.pem\n",
		"profiles: [1, 2]\n", "profiles:\n  a.b:\n    dialect: trello\n", "profile: 7\n", ": : :\n", "\t- x", "",
		"profiles:\n  x:\n    token: {a: b}\n", "profiles:\n  x: null\n",
	} {
		f.Add([]byte(seed), "", "")
	}
	f.Fuzz(func(t *testing.T, data []byte, flag, envProfile string) {
		path := filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		file, err := Load(path)
		if err != nil {
			checkFuzzLine(t, err)
			return
		}
		env := func(k string) string {
			if k == "HOOKCTL_PROFILE" {
				return envProfile
			}
			return ""
		}
		if sel, err := file.Select(flag, env); err != nil {
			checkFuzzLine(t, err)
		} else if _, err := file.Resolve(sel.Name, env, nil); err != nil {
			checkFuzzLine(t, err)
		}
		for _, name := range file.Names() {
			p, err := file.Resolve(name, env, nil)
			if err != nil {
				checkFuzzLine(t, err)
				for _, keys := range file.Profiles {
					for k, v := range keys {
						if IsSecret(k) && len(v) >= 6 && strings.Contains(err.Error(), v) {
							t.Errorf("error shows the secret %s: %v", k, err)
						}
					}
				}
				continue
			}
			_ = p.Secrets()
		}
	})
}

func checkFuzzLine(t *testing.T, err error) {
	t.Helper()
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error is not one line: %q", err)
	}
}
