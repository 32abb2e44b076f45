package hookctl_test

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// maxInitBytes bounds what one of hookctl's packages allocates when the
// program starts: a table or two. Parsing a file (YAML samples, a vendor
// file) at start-up allocates hundreds of KiB, and every run, --version
// included, would pay for it.
const maxInitBytes = 64 << 10

// TestStartupParsesNothing reads Go's own trace of package initialisation
// (GODEBUG=inittrace=1): no package of hookctl's does real work before
// main, so `hookctl --version` stays as fast as the libraries allow.
func TestStartupParsesNothing(t *testing.T) {
	bin := buildHookctl(t)
	cmd := exec.Command(bin, "--version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	re := regexp.MustCompile(`(?m)^init (github\.com/hookctl/hookctl/\S+) @.*?, ([0-9]+) bytes, ([0-9]+) allocs`)
	seen := 0
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		seen++
		if n, _ := strconv.Atoi(m[2]); n > maxInitBytes {
			t.Errorf("%s allocates %d bytes when the program starts (at most %d): make it lazy", m[1], n, maxInitBytes)
		}
	}
	if seen == 0 {
		t.Fatalf("no init trace of hookctl's packages:\n%s", out)
	}
}
