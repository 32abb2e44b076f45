// Package shelltest checks the committed completion scripts in real shells:
// bash (with bash-completion), zsh and fish each source the script from
// completions/ and are asked what a TAB would offer.
package shelltest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/hookctl/hookctl/internal/cli"
	"github.com/hookctl/hookctl/internal/proctest"
)

// mainEnv makes the test binary act as hookctl, so the shells can run it
// (through a symlink named hookctl) without a separate build.
const mainEnv = "HOOKCTL_SHELLTEST_MAIN"

const bashCompletion = "/usr/share/bash-completion/bash_completion"

func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" {
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(proctest.NoLeftovers{M: m}.Run())
}

// world is a HOME with a config file, two webhooks on the built-in sandbox
// (their ids cached, as after a `hookctl list`), and hookctl on PATH.
type world struct {
	env         []string
	bin         string
	home        string
	completions string
	id1, id2    string
}

func setup(t *testing.T) *world {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the completion scripts are tested in POSIX shells")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(bin, "hookctl")); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.yaml")
	// staging is never contacted: it only has to show up as a profile name.
	if err := os.WriteFile(cfg, []byte("profile: sandbox\nprofiles:\n  staging:\n    dialect: supportbee\n    base-url: http://127.0.0.1:9\n    auth-token: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	w := &world{
		bin:         bin,
		home:        dir,
		completions: filepath.Join(root, "completions"),
		env: []string{
			mainEnv + "=1",
			"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
			"HOME=" + dir,
			"ZDOTDIR=" + dir,
			"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
			"XDG_CACHE_HOME=" + filepath.Join(dir, "cache"),
			"XDG_STATE_HOME=" + filepath.Join(dir, "state"),
			"XDG_DATA_HOME=" + filepath.Join(dir, "data"),
			"HOOKCTL_CONFIG=" + cfg,
			"TERM=xterm",
			"LANG=C.UTF-8",
		},
	}
	w.id1 = w.hookctl(t, "create", "--url", "https://example.com/one", "--model", "4d5ea62fd76aa1136000000c", "-q")
	w.id2 = w.hookctl(t, "create", "--url", "https://example.com/two", "--model", "4d5ea62fd76aa1136000000c", "-q")
	w.hookctl(t, "list") // fills the id cache, as a user's list would
	return w
}

func (w *world) hookctl(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(w.bin, "hookctl"), args...)
	cmd.Env = w.env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("hookctl %s: %v", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out))
}

// need skips (or, in CI, fails) when a shell is missing.
func need(t *testing.T, what, path string) {
	t.Helper()
	if _, err := exec.LookPath(path); err == nil {
		return
	}
	if _, err := os.Stat(path); err == nil {
		return
	}
	msg := fmt.Sprintf("%s is not installed (run scripts/install-test-deps.sh as root)", what)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// scenario is one TAB: the command line typed, what must be offered and
// what must not.
type scenario struct {
	line    string
	want    []string
	notWant []string
}

func (w *world) scenarios() []scenario {
	return []scenario{
		{line: "hookctl get ", want: []string{w.id1, w.id2}},
		{line: "hookctl delete " + w.id1 + " ", want: []string{w.id2}, notWant: []string{w.id1}},
		{line: "hookctl set-field " + w.id1 + " ", want: []string{"url", "callbackURL", "description", "idModel", "active"}, notWant: []string{"failures"}},
		{line: "hookctl set-field " + w.id1 + " active ", want: []string{"true", "false"}},
		{line: "hookctl --profile ", want: []string{"sandbox-entrust", "sandbox-supportbee", "staging"}},
		{line: "hookctl -p sandbox-entrust set-field x events user.", want: []string{"user.created", "user.deleted"}},
	}
}

func TestBash(t *testing.T) {
	need(t, "bash", "bash")
	need(t, "bash-completion", bashCompletion)
	w := setup(t)
	script := `source ` + bashCompletion + `
source "$1"
line=$2
COMP_LINE=$line COMP_POINT=${#line} COMP_TYPE=9 COMP_KEY=9
read -ra COMP_WORDS <<<"$line"
[[ $line == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMPREPLY=()
__start_hookctl hookctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
printf '%s\n' "${COMPREPLY[@]}"`
	for _, sc := range w.scenarios() {
		t.Run(sc.line, func(t *testing.T) {
			out := w.run(t, "bash", "--norc", "--noprofile", "-c", script, "bash", filepath.Join(w.completions, "hookctl.bash"), sc.line)
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				if f := strings.Fields(l); len(f) > 0 {
					got = append(got, f[0])
				}
			}
			check(t, strings.Join(got, "\n")+"\n", sc)
		})
	}
}

func TestFish(t *testing.T) {
	need(t, "fish", "fish")
	w := setup(t)
	for _, sc := range w.scenarios() {
		t.Run(sc.line, func(t *testing.T) {
			out := w.run(t, "fish", "--no-config", "-c", `source $argv[1]; complete -C $argv[2]`, filepath.Join(w.completions, "hookctl.fish"), sc.line)
			// fish prints "candidate\tdescription"; keep the candidates.
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				c, _, _ := strings.Cut(l, "\t")
				got = append(got, c)
			}
			check(t, strings.Join(got, "\n")+"\n", sc)
			if sc.line == "hookctl get " && !strings.Contains(out, w.id1+"\thttps://example.com/one") {
				t.Errorf("fish shows no URL beside the id:\n%s", out)
			}
		})
	}
}

// TestZsh types each line and a TAB into an interactive zsh on a
// pseudo-terminal and reads the listing zsh prints.
func TestZsh(t *testing.T) {
	need(t, "zsh", "zsh")
	w := setup(t)
	rc := `PS1='READY> '
autoload -U compinit && compinit -u -d "$ZDOTDIR/.zcompdump"
source ` + filepath.Join(w.completions, "hookctl.zsh") + `
unsetopt LIST_AMBIGUOUS BEEP
LISTMAX=0
`
	if err := os.WriteFile(filepath.Join(w.home, ".zshrc"), []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, sc := range w.scenarios() {
		t.Run(sc.line, func(t *testing.T) {
			out := w.zshTab(t, sc)
			t.Logf("zsh showed:\n%s", out)
			check(t, out, sc)
			if sc.line == "hookctl get " && !strings.Contains(out, "https://example.com/one") {
				t.Errorf("zsh shows no URL beside the id:\n%s", out)
			}
		})
	}
}

// TestZshFreshSource follows the help's "this shell only" line in a zsh
// whose ~/.zshrc never started the completion system: `source <(hookctl
// completion zsh)` must work there too. Before, it failed with "command
// not found: compdef" and TAB offered nothing.
func TestZshFreshSource(t *testing.T) {
	need(t, "zsh", "zsh")
	w := setup(t)
	zdot := filepath.Join(w.home, "fresh")
	if err := os.MkdirAll(zdot, 0o700); err != nil {
		t.Fatal(err)
	}
	rc := `PS1='READY> '
source <(hookctl completion zsh)
unsetopt LIST_AMBIGUOUS BEEP
LISTMAX=0
`
	if err := os.WriteFile(filepath.Join(zdot, ".zshrc"), []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	fresh := *w
	fresh.env = append(append([]string{}, w.env...), "ZDOTDIR="+zdot)
	sc := scenario{line: "hookctl get ", want: []string{w.id1, w.id2}}
	out := fresh.zshTab(t, sc)
	check(t, out, sc)
	if strings.Contains(out, "compdef") {
		t.Errorf("zsh complained:\n%s", out)
	}
}

// zshTab starts zsh, waits for its prompt, types the line and a TAB, and
// returns what the terminal showed once every wanted candidate appeared
// (or the time ran out).
func (w *world) zshTab(t *testing.T, sc scenario) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "zsh", "-i")
	cmd.Env = w.env
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 100, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		cancel()
		tty.Close()
		_ = cmd.Wait()
	}()
	var mu sync.Mutex
	var buf bytes.Buffer
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := tty.Read(b)
			mu.Lock()
			buf.Write(b[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	snapshot := func() string {
		mu.Lock()
		defer mu.Unlock()
		return buf.String()
	}
	waitFor := func(cond func(string) bool) bool {
		for ctx.Err() == nil {
			if cond(snapshot()) {
				return true
			}
			time.Sleep(20 * time.Millisecond)
		}
		return false
	}
	if !waitFor(func(s string) bool { return strings.Contains(s, "READY> ") }) {
		t.Fatalf("zsh showed no prompt:\n%q", snapshot())
	}
	start := len(snapshot())
	if _, err := tty.Write([]byte(sc.line + "\t")); err != nil {
		t.Fatal(err)
	}
	waitFor(func(s string) bool {
		for _, want := range sc.want {
			if !strings.Contains(s[start:], want) {
				return false
			}
		}
		return true
	})
	time.Sleep(100 * time.Millisecond) // the rest of the listing
	out := snapshot()[start:]
	// The echo of the typed line is not a candidate.
	return strings.Replace(out, sc.line, "", 1)
}

func (w *world) run(t *testing.T, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = w.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, stderr.String())
	}
	return string(out)
}

func check(t *testing.T, got string, sc scenario) {
	t.Helper()
	for _, want := range sc.want {
		if !strings.Contains(got, want) {
			t.Errorf("TAB after %q does not offer %q; got:\n%s", sc.line, want, got)
		}
	}
	for _, bad := range sc.notWant {
		if strings.Contains(got, bad) {
			t.Errorf("TAB after %q offers %q; got:\n%s", sc.line, strings.TrimSpace(bad), got)
		}
	}
}
