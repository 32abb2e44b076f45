package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const sampleConfig = `# my hookctl config
profile: work
profiles:
  # the Trello board bot
  work:
    dialect: trello
    key: k1
    token: t1
  helpdesk:
    dialect: supportbee
    company: acme
    auth-token: a1
colour: blue
`

func writeSample(t *testing.T, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(sampleConfig), mode); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDocEditKeepsTheRest(t *testing.T) {
	path := writeSample(t, 0o600)
	d, err := ReadDoc(path)
	if err != nil {
		t.Fatal(err)
	}
	if d.Default() != "work" {
		t.Fatalf("Default = %q", d.Default())
	}
	d.SetProfile("idaas", map[string]string{
		"shared-secret": "s1", KeyDialect: "entrust", KeyBaseURL: "https://acme.us.trustedauth.com",
		"application-id": "0123", KeyCAFile: "", "rate-limit": "true",
	})
	if err := d.Save(path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	got := string(data)
	for _, want := range []string{"# my hookctl config", "# the Trello board bot", "profile: work", "colour: blue",
		"helpdesk:", "company: acme", "application-id: \"0123\"", "rate-limit: \"true\""} {
		if !strings.Contains(got, want) {
			t.Errorf("saved file lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "ca-file") {
		t.Errorf("empty value written:\n%s", got)
	}
	if i, j := strings.Index(got, "dialect: entrust"), strings.Index(got, "shared-secret"); i < 0 || j < i {
		t.Errorf("dialect should come first:\n%s", got)
	}
	// viper reads back what Doc wrote, strings staying strings.
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Profiles["idaas"]["application-id"]; got != "0123" {
		t.Errorf("application-id read back as %q", got)
	}
	if len(f.Profiles) != 3 || f.Default != "work" {
		t.Errorf("profiles %v, default %q", f.Names(), f.Default)
	}
}

func TestDocRemoveAndDefault(t *testing.T) {
	path := writeSample(t, 0o600)
	d, err := ReadDoc(path)
	if err != nil {
		t.Fatal(err)
	}
	if !d.RemoveProfile("WORK") {
		t.Fatal("RemoveProfile did not find work (names match regardless of case)")
	}
	if d.RemoveProfile("nope") {
		t.Fatal("RemoveProfile found a missing profile")
	}
	d.SetDefault("")
	if err := d.Save(path); err != nil {
		t.Fatal(err)
	}
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Default != "" || len(f.Profiles) != 1 || f.Profiles["helpdesk"] == nil {
		t.Errorf("after remove: default %q, profiles %v", f.Default, f.Profiles)
	}
}

func TestDocProfile(t *testing.T) {
	d, err := ReadDoc(writeSample(t, 0o600))
	if err != nil {
		t.Fatal(err)
	}
	keys, ok := d.Profile("helpdesk")
	if !ok || keys["company"] != "acme" || keys[KeyDialect] != "supportbee" {
		t.Errorf("Profile(helpdesk) = %v, %v", keys, ok)
	}
	if _, ok := d.Profile("nope"); ok {
		t.Error("Profile(nope) found")
	}
}

func TestReadDocMissingAndBad(t *testing.T) {
	dir := t.TempDir()
	d, err := ReadDoc(filepath.Join(dir, "none.yaml"))
	if err != nil || d.Default() != "" {
		t.Fatalf("missing file: %v, %q", err, d.Default())
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("- a\n- b\n"), 0o600)
	if _, err := ReadDoc(bad); err == nil || !strings.Contains(err.Error(), "not a mapping") {
		t.Errorf("list at top level: %v", err)
	}
	os.WriteFile(bad, []byte("profiles: [\n"), 0o600)
	if _, err := ReadDoc(bad); err == nil || !strings.Contains(err.Error(), "not valid YAML") {
		t.Errorf("broken YAML: %v", err)
	}
}

func TestWriteFileAtomicMode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "hookctl")
	path := filepath.Join(dir, "config.yaml")
	if err := WriteFileAtomic(path, []byte("profile: a\n")); err != nil {
		t.Fatal(err)
	}
	assertMode(t, path, 0o600)
	assertMode(t, dir, 0o700)

	// A file someone made readable by others is tightened on the next save.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte("profile: b\n")); err != nil {
		t.Fatal(err)
	}
	assertMode(t, path, 0o600)
	if data, _ := os.ReadFile(path); string(data) != "profile: b\n" {
		t.Errorf("content %q", data)
	}
	// No temp file is left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only config.yaml", len(entries))
	}
}

func TestWriteFileAtomicRenamesOverTheOldFile(t *testing.T) {
	// A reader holding the old file keeps reading the old content: the new
	// one is a different inode, put in place by rename.
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	os.WriteFile(path, []byte("profile: old\n"), 0o600)
	old, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if err := WriteFileAtomic(path, []byte("profile: new\n")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, _ := old.Read(buf)
	if string(buf[:n]) != "profile: old\n" {
		t.Errorf("open handle reads %q: the file was rewritten in place", buf[:n])
	}
}

func TestWriteFileAtomicFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.yaml")
	link := filepath.Join(dir, "config.yaml")
	os.WriteFile(target, []byte("profile: a\n"), 0o600)
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	if err := WriteFileAtomic(link, []byte("profile: b\n")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a file")
	}
	if data, _ := os.ReadFile(target); string(data) != "profile: b\n" {
		t.Errorf("target holds %q", data)
	}
}

func TestInsecureMode(t *testing.T) {
	path := writeSample(t, 0o644)
	os.Chmod(path, 0o644)
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !f.InsecureMode() {
		t.Error("0644 file with secrets not flagged")
	}
	os.Chmod(path, 0o600)
	if f, _ = Load(path); f.InsecureMode() {
		t.Error("0600 file flagged")
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s mode %o, want %o", path, got, want)
	}
}

// Edits at the same time, each with its own lock file handle, all land.
func TestEditDocConcurrentEditsAllLand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- EditDoc(path, func(d *Doc) error {
				d.SetProfile(fmt.Sprintf("p%02d", i), map[string]string{KeyDialect: "trello"})
				return nil
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	d, err := ReadDoc(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.ProfileNames(); len(got) != n {
		t.Fatalf("%d profiles after %d concurrent edits: %v", len(got), n, got)
	}
}

func TestEditDocSavesNothingOnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	want := "profile: a\nprofiles:\n  a:\n    dialect: trello\n"
	if err := os.WriteFile(path, []byte(want), 0o600); err != nil {
		t.Fatal(err)
	}
	refused := errors.New("refused")
	err := EditDoc(path, func(d *Doc) error {
		d.RemoveProfile("a")
		return refused
	})
	if !errors.Is(err, refused) {
		t.Fatalf("EditDoc returned %v, want the edit's error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != want {
		t.Fatalf("file changed by a failed edit:\n%s", got)
	}
}
