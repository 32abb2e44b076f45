package hookctl_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// These tests build hookctl the ways users do, with nothing stamped at link
// time, and check what `hookctl version` says: a tagged checkout,
// the same with uncommitted changes, and `go install …@v1.2.3` from a module
// proxy. They copy this working tree, so they test the code as it is now.
// They take a few seconds with a warm build cache; -short skips them.

const modulePath = "github.com/hookctl/hookctl"

// A fixed commit time, so the version line is known in full.
const commitTime = "2026-01-02T03:04:05Z"

// TestVersionOfTaggedCheckout: `go install ./cmd/hookctl` in a clone whose
// HEAD is tagged v1.2.3 prints 1.2.3 and the commit; with a file changed,
// +dirty.
func TestVersionOfTaggedCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds hookctl; skipped with -short")
	}
	t.Parallel()
	gitPath := needGit(t)
	files := sourceFiles(t)
	repo := t.TempDir()
	for name, data := range files {
		writeFile(t, filepath.Join(repo, filepath.FromSlash(name)), data)
	}
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(gitPath, append([]string{"-c", "user.name=hookctl test", "-c", "user.email=test@example.com",
			"-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"}, args...)...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_DATE="+commitTime, "GIT_COMMITTER_DATE="+commitTime)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "release")
	git("tag", "v1.2.3")
	short := git("rev-parse", "--short=7", "HEAD")
	full := git("rev-parse", "HEAD")

	bin := goInstall(t, repo, nil, "-buildvcs=true", "./cmd/hookctl")
	wantLine(t, bin, "hookctl version 1.2.3 (commit "+short+", built "+commitTime+")")
	wantJSON(t, bin, `"version": "1.2.3"`, `"commit": "`+full+`"`, `"date": "`+commitTime+`"`, `"dirty": false`)

	// An uncommitted change: Go marks the version, and so does the commit.
	main := filepath.Join(repo, "cmd", "hookctl", "main.go")
	writeFile(t, main, append(files["cmd/hookctl/main.go"], "\n// changed\n"...))
	bin = goInstall(t, repo, nil, "-buildvcs=true", "./cmd/hookctl")
	wantLine(t, bin, "hookctl version 1.2.3+dirty (commit "+short+"+dirty, built "+commitTime+")")
	wantJSON(t, bin, `"version": "1.2.3+dirty"`, `"dirty": true`)
}

// TestVersionOfGoInstallFromProxy: `go install …/cmd/hookctl@v1.2.3` from a
// module proxy (a file:// one holding this tree as v1.2.3) prints 1.2.3.
// The other modules come from the local module cache, as a second proxy,
// into a module cache of the test's own: nothing is fetched from the
// network and the shared cache is not written.
func TestVersionOfGoInstallFromProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds hookctl; skipped with -short")
	}
	t.Parallel()
	needGit(t)
	goEnv := func(name string) string {
		out, err := exec.Command("go", "env", name).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", name, err)
		}
		return strings.TrimSpace(string(out))
	}
	cache := filepath.Join(goEnv("GOMODCACHE"), "cache", "download")
	if _, err := os.Stat(cache); err != nil {
		t.Skipf("no module cache to serve the dependencies from: %v", err)
	}
	files := sourceFiles(t)
	proxy := t.TempDir()
	dir := filepath.Join(proxy, filepath.FromSlash(modulePath), "@v")
	writeFile(t, filepath.Join(dir, "list"), []byte("v1.2.3\n"))
	writeFile(t, filepath.Join(dir, "v1.2.3.info"), []byte(`{"Version":"v1.2.3","Time":"`+commitTime+`"}`))
	writeFile(t, filepath.Join(dir, "v1.2.3.mod"), files["go.mod"])
	writeFile(t, filepath.Join(dir, "v1.2.3.zip"), moduleZip(t, modulePath+"@v1.2.3", files))

	env := []string{
		"GOPROXY=" + fileURL(proxy) + "," + fileURL(cache),
		"GOMODCACHE=" + filepath.Join(t.TempDir(), "mod"),
		"GOSUMDB=off",         // offline: the module cache already checked the dependencies
		"GOFLAGS=-modcacherw", // so the temporary module cache can be removed
		"GOTOOLCHAIN=local",
	}
	bin := goInstall(t, t.TempDir(), env, modulePath+"/cmd/hookctl@v1.2.3")
	wantLine(t, bin, "hookctl version 1.2.3 (commit none, built unknown)")
	wantJSON(t, bin, `"version": "1.2.3"`)
}

func needGit(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not found")
	}
	return p
}

// sourceFiles returns the module's files as they are in the working tree:
// tracked and untracked ones, not ignored ones (bin/, dist/).
func sourceFiles(t *testing.T) map[string][]byte {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("not a git checkout (%v): cannot list the module's files", err)
	}
	files := map[string][]byte{}
	for _, name := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		path := filepath.Join(root, filepath.FromSlash(name))
		if st, err := os.Lstat(path); err == nil && st.Mode()&os.ModeSymlink != 0 {
			continue // a link (docs/man/man1, for MANPATH): not part of a module
		}
		data, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	if files["go.mod"] == nil || !bytes.HasPrefix(files["go.mod"], []byte("module "+modulePath+"\n")) {
		t.Fatalf("%s: not the %s module", root, modulePath)
	}
	return files
}

// moduleZip is a module zip as a proxy serves it: every file under
// "path@version/", without nested modules or vendor directories.
func moduleZip(t *testing.T, prefix string, files map[string][]byte) []byte {
	t.Helper()
	nested := map[string]bool{}
	for name := range files {
		if d := path.Dir(name); path.Base(name) == "go.mod" && d != "." {
			nested[d] = true
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
files:
	for name, data := range files {
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if nested[d] || path.Base(d) == "vendor" {
				continue files
			}
		}
		w, err := zw.Create(prefix + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// goInstall runs `go install -trimpath ARGS` in dir with env added and
// returns the installed binary. -trimpath lets the build cache serve every
// package already compiled for the other tests.
func goInstall(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	gobin := t.TempDir()
	cmd := exec.Command("go", append([]string{"install", "-trimpath"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOBIN="+gobin, "CGO_ENABLED=0"), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return filepath.Join(gobin, "hookctl")
}

func runBinary(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	home := t.TempDir()
	cmd.Env = []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "XDG_STATE_HOME=" + home, "XDG_CACHE_HOME=" + home}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("hookctl %s: %v\nstderr: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

func wantLine(t *testing.T, bin, want string) {
	t.Helper()
	for _, args := range [][]string{{"version"}, {"--version"}} {
		if got := strings.TrimSuffix(runBinary(t, bin, args...), "\n"); got != want {
			t.Errorf("hookctl %s:\n got %q\nwant %q", args[0], got, want)
		}
	}
}

func wantJSON(t *testing.T, bin string, fields ...string) {
	t.Helper()
	out := runBinary(t, bin, "version", "-o", "json")
	for _, f := range fields {
		if !strings.Contains(out, "\n  "+f) {
			t.Errorf("hookctl version -o json: no %s in\n%s", f, out)
		}
	}
	if !regexp.MustCompile(`"go_version": "go1\.`).MatchString(out) {
		t.Errorf("hookctl version -o json: no go_version in\n%s", out)
	}
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fileURL is a file:// URL for GOPROXY.
func fileURL(dir string) string {
	dir = filepath.ToSlash(dir)
	if !strings.HasPrefix(dir, "/") {
		dir = "/" + dir // a Windows drive letter
	}
	return fmt.Sprintf("file://%s", dir)
}
