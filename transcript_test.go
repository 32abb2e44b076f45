package hookctl_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/config"
)

// credentials are every secret the scripts' profiles use.
func credentials() []string {
	var out []string
	for _, p := range config.Builtins {
		out = append(out, p.Secrets()...)
	}
	return out
}

func checkTranscripts(t *testing.T, dir string) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no transcript: the scripts ran no hookctl command")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range credentials() {
			if strings.Contains(string(data), secret) {
				t.Errorf("%s shows credential %q:\n%s", filepath.Base(f), secret, data)
			}
		}
	}
	t.Logf("checked %d hookctl runs for %d credentials", len(files), len(credentials()))
}
