package cli

import (
	"os"
	"testing"

	"github.com/hookctl/hookctl/internal/proctest"
)

// The PTY tests start the real binary: none may be left running.
func TestMain(m *testing.M) {
	os.Exit(proctest.NoLeftovers{M: m}.Run())
}
