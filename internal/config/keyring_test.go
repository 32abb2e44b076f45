package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// These tests use go-keyring's mock provider, which is package state: they
// do not run in parallel.

func TestKeyringRoundTrip(t *testing.T) {
	keyring.MockInit()
	k := NewKeyring()
	if _, err := k.Get("work", "token"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get of a missing secret: %v", err)
	}
	if err := k.Set("work", "token", "t0ken"); err != nil {
		t.Fatal(err)
	}
	if v, err := keyring.Get(KeyringService, "work:token"); err != nil || v != "t0ken" {
		t.Fatalf("entry under service hookctl, user work:token = %q, %v", v, err)
	}
	if v, err := k.Get("work", "token"); err != nil || v != "t0ken" {
		t.Fatalf("Get = %q, %v", v, err)
	}
	if err := k.Delete("work", "token"); err != nil {
		t.Fatal(err)
	}
	if err := k.Delete("work", "token"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("second Delete: %v", err)
	}
}

func TestKeyringBrokenStopsAsking(t *testing.T) {
	keyring.MockInitWithError(errors.New("the name org.freedesktop.secrets was not provided"))
	defer keyring.MockInit()
	k := NewKeyring()
	err := k.Set("work", "token", "x")
	if !errors.Is(err, ErrKeyringUnavailable) || !strings.Contains(err.Error(), "freedesktop") {
		t.Fatalf("Set on a broken keyring: %v", err)
	}
	// Once broken, later calls do not reach the keyring.
	keyring.MockInit()
	if _, err := k.Get("work", "token"); !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("Get after a failure: %v", err)
	}
}

// stuckKeyring never answers, like a secret service waiting on an unlock
// dialog nobody sees.
type stuckKeyring struct{ release chan struct{} }

func (s stuckKeyring) Get(string, string) (string, error) { <-s.release; return "late", nil }
func (s stuckKeyring) Set(string, string, string) error   { <-s.release; return nil }
func (s stuckKeyring) Delete(string, string) error        { <-s.release; return nil }

func TestKeyringTimeout(t *testing.T) {
	stuck := stuckKeyring{release: make(chan struct{})}
	defer close(stuck.release)
	k := &Keyring{timeout: 50 * time.Millisecond, backend: stuck}
	start := time.Now()
	_, err := k.Get("work", "token")
	if !errors.Is(err, ErrKeyringUnavailable) || !strings.Contains(err.Error(), "no answer within") {
		t.Fatalf("Get on a stuck keyring: %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatalf("timeout took %s", time.Since(start))
	}
	// The next call fails at once instead of waiting again.
	start = time.Now()
	if err := k.Set("work", "token", "x"); !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("Set after timeout: %v", err)
	}
	if time.Since(start) > 20*time.Millisecond {
		t.Fatalf("second call waited %s", time.Since(start))
	}
	if NewKeyring().timeout != 3*time.Second {
		t.Fatal("the default timeout is not 3 s")
	}
}

func TestResolveReadsKeyringOnlyWhenTheProfileSaysSo(t *testing.T) {
	keyring.MockInit()
	k := NewKeyring()
	k.Set("work", "token", "from-keyring")
	k.Set("plain", "token", "from-keyring")
	path := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(path, []byte(`profiles:
  work:
    dialect: trello
    key: k1
    secret-store: keyring
  plain:
    dialect: trello
    key: k1
`), 0o600)
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	env := func(string) string { return "" }
	p, err := f.Resolve("work", env, k)
	if err != nil || p.Get("token") != "from-keyring" {
		t.Fatalf("work: token %q, %v", p.Get("token"), err)
	}
	p, err = f.Resolve("plain", env, k)
	if err != nil || p.Get("token") != "" {
		t.Fatalf("plain profile read the keyring: token %q, %v", p.Get("token"), err)
	}
	// The environment wins over the keyring.
	p, _ = f.Resolve("work", func(k string) string {
		if k == "HOOKCTL_TOKEN" {
			return "from-env"
		}
		return ""
	}, k)
	if p.Get("token") != "from-env" {
		t.Fatalf("env override: %q", p.Get("token"))
	}
	// A keyring profile with the keyring gone says so.
	keyring.MockInitWithError(errors.New("no secret service"))
	defer keyring.MockInit()
	_, err = f.Resolve("work", env, NewKeyring())
	if err == nil || !strings.Contains(withHint(err), "HOOKCTL_TOKEN") || !strings.Contains(err.Error(), "keyring") {
		t.Fatalf("broken keyring: %v", err)
	}
}
