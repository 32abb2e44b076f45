package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// A signing secret that a backend shows once (Entrust's token, Stripe's
// whsec_…, PagerDuty's and Square's keys) is never lost: --secret-out
// writes it to a new file (0600), else it is printed on stderr whenever the
// chosen output (-q, --jq, --template, a column set) leaves it out.

// checkSecretOut refuses, before any request, a --secret-out file that
// exists (overwriting it could destroy the secret of another webhook) or
// whose directory is missing.
func checkSecretOut(path string) error {
	if path == "" {
		return nil
	}
	// The file is written once the webhook exists: a directory that is
	// missing, not a directory or not writable is found before anything
	// is sent.
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &usageError{fmt.Errorf("--secret-out: %s: no such directory (nothing was sent)", dir)}
	case err != nil:
		return &usageError{fmt.Errorf("--secret-out: %v (nothing was sent)", plainPathError(err))}
	case !st.IsDir():
		return &usageError{fmt.Errorf("--secret-out: %s is not a directory (nothing was sent)", dir)}
	}
	if _, err := os.Lstat(path); err == nil {
		return &usageError{fmt.Errorf("--secret-out: %s already exists; name a new file (nothing was sent)", path)}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return &usageError{fmt.Errorf("--secret-out: %v (nothing was sent)", plainPathError(err))}
	}
	probe, err := os.CreateTemp(dir, ".hookctl-secret-*")
	if err != nil {
		return &usageError{fmt.Errorf("--secret-out: cannot create a file in %s: %v (nothing was sent)", dir, errors.Unwrap(err))}
	}
	probe.Close()
	_ = os.Remove(probe.Name())
	return nil
}

// writeSecretOut writes secret to a new file at path, readable by its
// owner only.
func writeSecretOut(path, secret string) error {
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("--secret-out: %v", plainPathError(err))
	}
	if _, err := io.WriteString(fh, secret+"\n"); err != nil {
		fh.Close()
		return fmt.Errorf("--secret-out: %v", plainPathError(err))
	}
	if err := fh.Close(); err != nil {
		return fmt.Errorf("--secret-out: %v", plainPathError(err))
	}
	return nil
}

// plainPathError is a file error as "PATH: reason", without Go's operation
// name ("open PATH: ...").
func plainPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// printKeepingSecrets runs print with its output held back, writes it to
// out, and then, for each webhook whose one-time secret the output left
// out, prints the secret on stderr so that it is not lost.
func printKeepingSecrets(f *Factory, ws []webhook.Webhook, print func() error, out io.Writer, held *bytes.Buffer) error {
	err := print()
	if _, werr := out.Write(held.Bytes()); err == nil {
		err = werr
	}
	printed := held.Bytes()
	for _, w := range ws {
		if w.Secret == "" {
			continue
		}
		if bytes.Contains(printed, []byte(w.Secret)) || bytes.Contains(printed, []byte(webhook.EscapeField(w.Secret))) {
			fmt.Fprintf(f.IO.ErrOut, "hookctl: webhook %s: its signing secret is in the output (field secret) and will not be shown again: store it now\n", webhook.Escape(w.ID))
			continue
		}
		fmt.Fprintf(f.IO.ErrOut, "hookctl: webhook %s: signing secret (shown once, not in the chosen output; store it now, or use --secret-out next time): %s\n", webhook.Escape(w.ID), webhook.Escape(w.Secret))
	}
	return err
}
