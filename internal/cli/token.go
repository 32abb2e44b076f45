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

// A signing token that a backend shows once (Entrust's create) is never
// lost (SPEC §1.1): --token-file writes it to a new file (0600), else it is
// printed on stderr whenever the chosen output (-q, --jq, --template, a
// column set) leaves it out.

// checkTokenFile refuses, before any request, a --token-file that exists
// (overwriting it could destroy the token of another webhook) or whose
// directory is missing.
func checkTokenFile(path string) error {
	if path == "" {
		return nil
	}
	// The file is written once the webhook exists: a directory that is
	// missing or not writable must be found before anything is sent.
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &usageError{fmt.Errorf("--token-file: directory %s does not exist (nothing was sent)", dir)}
	case err != nil:
		return &usageError{fmt.Errorf("--token-file: %v (nothing was sent)", plainPathError(err))}
	case !st.IsDir():
		return &usageError{fmt.Errorf("--token-file: %s is not a directory (nothing was sent)", dir)}
	}
	if _, err := os.Lstat(path); err == nil {
		return &usageError{fmt.Errorf("--token-file: %s already exists; name a new file (nothing was sent)", path)}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return &usageError{fmt.Errorf("--token-file: %v (nothing was sent)", plainPathError(err))}
	}
	probe, err := os.CreateTemp(dir, ".hookctl-token-*")
	if err != nil {
		return &usageError{fmt.Errorf("--token-file: cannot create a file in %s: %v (nothing was sent)", dir, plainPathError(errors.Unwrap(err)))}
	}
	probe.Close()
	_ = os.Remove(probe.Name())
	return nil
}

// writeTokenFile writes token to a new file at path, readable by its owner only.
func writeTokenFile(path, token string) error {
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("--token-file: %v", plainPathError(err))
	}
	if _, err := io.WriteString(fh, token+"\n"); err != nil {
		fh.Close()
		return fmt.Errorf("--token-file: %v", plainPathError(err))
	}
	if err := fh.Close(); err != nil {
		return fmt.Errorf("--token-file: %v", plainPathError(err))
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

// printKeepingTokens runs print with its output held back, writes it to out,
// and then, for each webhook whose token the output left out, prints the
// token on stderr so that it is not lost.
func printKeepingTokens(f *Factory, ws []webhook.Webhook, print func() error, out io.Writer, held *bytes.Buffer) error {
	err := print()
	if _, werr := out.Write(held.Bytes()); err == nil {
		err = werr
	}
	printed := held.Bytes()
	for _, w := range ws {
		if w.Token == "" {
			continue
		}
		if bytes.Contains(printed, []byte(w.Token)) || bytes.Contains(printed, []byte(webhook.EscapeField(w.Token))) {
			fmt.Fprintf(f.IO.ErrOut, "hookctl: webhook %s: its signing token is in the output (field token) and will not be shown again: store it now\n", webhook.Escape(w.ID))
			continue
		}
		fmt.Fprintf(f.IO.ErrOut, "hookctl: webhook %s: signing token (shown once, not in the chosen output; store it now, or use --token-file next time): %s\n", webhook.Escape(w.ID), webhook.Escape(w.Token))
	}
	return err
}
