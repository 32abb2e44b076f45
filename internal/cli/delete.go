package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hookctl/hookctl/pkg/webhook"

	"github.com/spf13/cobra"
)

// DeleteOptions are delete's arguments and flags.
type DeleteOptions struct {
	f   *Factory
	IDs []string
	Yes bool
}

func newCmdDelete(f *Factory) *cobra.Command {
	opts := &DeleteOptions{f: f}
	cmd := &cobra.Command{
		Use:         "delete ID... | -",
		Annotations: prints(outNone),
		Aliases:     []string{"rm"},
		Short:       "Delete webhooks",
		Long: `Delete one or more webhooks. With '-', ids are read from stdin, one a line.
On a terminal hookctl asks to confirm; elsewhere pass --yes.`,
		Example: `  hookctl delete 5abbe4b7ddc1b351ef961414            # on a terminal: asks first
  hookctl delete 5abbe4b7ddc1b351ef961414 --yes
  hookctl list -q | hookctl delete - --yes`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return &usageError{fmt.Errorf("usage: %s ID... | - (ids, or '-' to read them from stdin)", cmd.CommandPath())}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ids, err := readIDs(cmd.Context(), args, f)
			if err != nil {
				return err
			}
			opts.IDs = ids
			return deleteRun(cmd, opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "delete without asking")
	return cmd
}

// maxIDLine bounds one line of ids on stdin: no id is this long, and a
// binary file piped by mistake is refused instead of read whole.
const maxIDLine = 64 << 10

// readIDs expands '-' into the ids on stdin (blank lines and surrounding
// space ignored, as `list -q` prints them) and drops repeated ids, keeping
// the first (`delete X X` deletes X once). On a terminal, '-' says first
// that it waits for ids.
func readIDs(ctx context.Context, args []string, f *Factory) ([]string, error) {
	var ids []string
	for _, a := range args {
		if a != "-" {
			ids = append(ids, a)
			continue
		}
		readingHint(f, "ids (one a line)")
		// Ctrl-C ends the read at once (exit 130), on a terminal as in a pipe.
		read, err := untilDone(ctx, func() ([]string, error) { return scanIDs(f.IO.In) })
		if err != nil {
			return nil, err
		}
		ids = append(ids, read...)
	}
	ids, dropped := uniqueIDs(ids)
	if dropped > 0 {
		fmt.Fprintf(f.IO.ErrOut, "hookctl: %s given more than once: deleting each once\n", plural(dropped, "id"))
	}
	return ids, nil
}

// scanIDs reads the ids on r, one a line.
func scanIDs(r io.Reader) ([]string, error) {
	var ids []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxIDLine)
	line := 0
	for sc.Scan() {
		line++
		if id := strings.TrimSpace(sc.Text()); id != "" {
			ids = append(ids, id)
		}
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		return nil, &usageError{fmt.Errorf("reading ids from stdin: line %d is longer than %d KiB: not an id", line+1, maxIDLine>>10)}
	} else if err != nil {
		return nil, fmt.Errorf("reading ids from stdin: %w", err)
	}
	return ids, nil
}

// uniqueIDs returns ids without repeats, in their first order, and how many
// repeats it dropped.
func uniqueIDs(ids []string) ([]string, int) {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, len(ids) - len(out)
}

func deleteRun(cmd *cobra.Command, opts *DeleteOptions) error {
	f := opts.f
	schema, err := f.Schema()
	if err != nil {
		return err
	}
	if len(opts.IDs) == 0 {
		return nil // '-' with nothing on stdin: nothing to do
	}
	for _, id := range opts.IDs {
		if err := schema.ValidateID(id); err != nil {
			return err
		}
	}
	var missing map[string]bool
	if !opts.Yes {
		if !f.CanPrompt() {
			return &usageError{fmt.Errorf("refusing to delete %s without confirmation: pass --yes", plural(len(opts.IDs), "webhook"))}
		}
		ok, m, err := confirmDelete(cmd.Context(), f, opts.IDs)
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(f.IO.ErrOut, "nothing deleted")
			return &silentError{code: ExitFailure} // declined, as gh exits
		}
		missing = m
	}
	b, err := f.Backend()
	if err != nil {
		return err
	}
	results := runBulk(cmd.Context(), f, "deleting", opts.IDs, func(ctx context.Context, id string) error {
		if missing[id] {
			// The list behind the question had no such webhook.
			return fmt.Errorf("delete webhook %s: %w", webhook.Escape(id), webhook.ErrNotFound)
		}
		if err := b.Delete(ctx, id); err != nil {
			return fmt.Errorf("delete webhook %s: %w", id, err)
		}
		return nil
	})
	f.forgetIDs()
	if f.IO.IsStderrTTY() || f.IO.IsStdoutTTY() {
		if n := results.succeeded(); n > 0 {
			fmt.Fprintf(f.IO.ErrOut, "✓ deleted %s\n", plural(n, "webhook"))
		}
	}
	return results.err(f)
}

func summarizeIDs(ids []string) string {
	const show = 3
	if len(ids) <= show {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:show], ", ") + fmt.Sprintf(" and %d more", len(ids)-show)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
