package hookctl_test

import (
	"bytes"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/sandbox"
)

// Ctrl-C inside a long --jq or --template computation, or while apply reads
// a webhooks file that never ends: exit 130 within about a second, the one
// line "hookctl: interrupted", and no half output on stdout. Before, the
// printers ran --jq and --template without the run's context, and apply
// read stdin to its end: all three ran on after Ctrl-C.
func TestInterruptDuringFilter(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildHookctl(t)
	sb, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	defer srv.Close()
	cfgPath := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(config.SandboxConfigYAML(srv.URL, nil)), 0o600); err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, bin, cfgPath)
	res := r.run("create", "--url", "https://example.com/hook", "--model", "4d5ea62fd76aa1136000000c", "-q")
	id := strings.TrimSpace(res.stdout)
	if res.code != 0 || id == "" {
		t.Fatalf("create: exit %d, %q %q", res.code, res.stdout, res.stderr)
	}
	create := []string{"create", "--url", "https://example.com/h2", "--model", "4d5ea62fd76aa1136000000c"}
	for _, c := range []struct {
		name string
		args []string
		pipe bool // stdin a pipe whose writer stays open
	}{
		{"list --jq range", []string{"list", "--jq", "[range(1e9)]"}, false},
		{"list --jq recursion", []string{"list", "--jq", "def f:[f];f"}, false},
		{"get --jq range", []string{"get", id, "--jq", "[range(1e9)] | length"}, false},
		{"create --jq recursion", append(create, "--jq", "def f:[f];f"), false},
		{"list --template range", []string{"list", "--template", "{{range 2000000000}}x{{end}}"}, false},
		{"get --template silent range", []string{"get", id, "--template", "{{range 2000000000}}{{end}}"}, false},
		{"apply -f - on a pipe that never closes", []string{"apply", "-f", "-"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(bin, c.args...)
			cmd.Env = r.env
			if c.pipe {
				pr, pw, err := os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				defer pw.Close()
				defer pr.Close()
				cmd.Stdin = pr
			}
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(1500 * time.Millisecond)
			sent := time.Now()
			cmd.Process.Signal(syscall.SIGINT)
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			var err error
			select {
			case err = <-exited:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				<-exited
				t.Fatalf("still running 10 s after SIGINT (stderr %q)", errOut.String())
			}
			took := time.Since(sent)
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 130 {
				t.Errorf("%v, want exit 130 (stderr %q)", err, errOut.String())
			}
			if took > 1500*time.Millisecond {
				t.Errorf("exited %s after the signal; want about a second at most", took.Round(time.Millisecond))
			}
			if got := strings.TrimSpace(errOut.String()); got != "hookctl: interrupted" && !strings.HasSuffix(got, "\nhookctl: interrupted") {
				t.Errorf("stderr %q, want it to end with the one line \"hookctl: interrupted\"", got)
			}
			// create printed nothing yet either, but a template's output
			// beyond 4 MiB streams on in 4 MiB pieces (bounded memory).
			if !strings.Contains(c.name, "template range") && out.Len() != 0 {
				t.Errorf("stdout holds %d bytes after an interrupt: %.80q", out.Len(), out.String())
			}
		})
	}
}
