package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"

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
		Use:     "delete ID... | -",
		Aliases: []string{"rm"},
		Short:   "Delete webhooks",
		Long: `Delete one or more webhooks. With '-', ids are read from stdin, one a line.
On a terminal hookctl asks to confirm; elsewhere pass --yes.`,
		Example: `  hookctl delete 5abbe4b7ddc1b351ef961414
  hookctl list -q | hookctl delete - --yes`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return &usageError{fmt.Errorf("usage: %s ID... | - (ids, or '-' to read them from stdin)", cmd.CommandPath())}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ids, err := readIDs(args, f)
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

// readIDs expands '-' into the ids on stdin (blank lines and surrounding
// space ignored, as `list -q` prints them).
func readIDs(args []string, f *Factory) ([]string, error) {
	var ids []string
	for _, a := range args {
		if a != "-" {
			ids = append(ids, a)
			continue
		}
		sc := bufio.NewScanner(f.IO.In)
		for sc.Scan() {
			if id := strings.TrimSpace(sc.Text()); id != "" {
				ids = append(ids, id)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("reading ids from stdin: %w", err)
		}
	}
	return ids, nil
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
	if !opts.Yes {
		if !f.CanPrompt() {
			return &usageError{fmt.Errorf("refusing to delete %s without confirmation: pass --yes", plural(len(opts.IDs), "webhook"))}
		}
		ok, err := confirmDelete(cmd.Context(), f, opts.IDs)
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(f.IO.ErrOut, "nothing deleted")
			return nil
		}
	}
	b, err := f.Backend()
	if err != nil {
		return err
	}
	results := runBulk(cmd.Context(), f, "deleting", opts.IDs, func(ctx context.Context, id string) error {
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
