package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/sandbox"
	sandboxentrust "github.com/hookctl/hookctl/pkg/sandbox/entrust"
)

// lockedBuffer is a stderr that bulk workers may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Issue 15 item 6: bulk workers print --debug lines through the Redactor
// while an Entrust re-login (a 40 ms token lifetime) adds the new session
// token to it. Run with -race: the Redactor must be safe for that.
func TestBulkDebugWithEntrustReloginIsRaceFree(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators(), TokenTTL: 40 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(func() { srv.Close(); sb.Close() })
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte(config.SandboxConfigYAML(srv.URL, []string{"entrust"})), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HOOKCTL_CONFIG": cfg, "XDG_STATE_HOME": dir, "XDG_CACHE_HOME": dir, "HOOKCTL_KEYRING": "off", "NO_COLOR": "1"}
	getenv := func(k string) string { return env[k] }
	run := func(args ...string) (string, string, int) {
		var out bytes.Buffer
		var errOut lockedBuffer
		f := &Factory{IO: NewIOStreams(strings.NewReader(""), &out, &errOut, getenv), Getenv: getenv, Opts: &GlobalOptions{}, Redactor: httpx.NewRedactor()}
		code := Run(context.Background(), f, args)
		return out.String(), errOut.String(), code
	}
	var ids []string
	for i := 0; i < 16; i++ {
		out, errOut, code := run("create", "--url", fmt.Sprintf("https://example.com/h%d", i), "--description", fmt.Sprintf("d%d", i), "--event", "user.created", "-q")
		if code != 0 {
			t.Fatalf("create: exit %d: %s", code, errOut)
		}
		ids = append(ids, strings.TrimSpace(out))
	}
	time.Sleep(50 * time.Millisecond) // the token has expired
	_, errOut, code := run(append([]string{"delete", "--yes", "--debug"}, ids...)...)
	// A 40 ms token can expire again between a re-login and its use, which
	// the client reports as an auth failure after one retry (exit 4): the
	// point here is the race detector, not the outcome.
	if code != 0 && code != ExitAuth {
		t.Fatalf("delete: exit %d: %s", code, errOut)
	}
	if strings.Count(errOut, "/adminapi/authenticate") < 2 {
		t.Errorf("expected re-logins during the bulk delete; stderr:\n%s", errOut)
	}
	if strings.Contains(errOut, sandboxentrust.Secret) {
		t.Errorf("the shared secret leaked:\n%s", errOut)
	}
}
