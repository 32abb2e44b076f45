package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"
)

// confirmListTimeout bounds the one list call that shows what a delete
// will remove; past it, the question shows the ids alone.
const confirmListTimeout = 5 * time.Second

// confirmShowMax is how many webhooks the question lists one a line.
const confirmShowMax = 10

// confirmDelete asks on the terminal whether to delete ids, showing each
// with its callback URL when one list call can tell them.
func confirmDelete(ctx context.Context, f *Factory, ids []string) (bool, error) {
	urls := deleteTargets(ctx, f)
	profile := ""
	if p, err := f.Profile(); err == nil {
		profile = " (profile " + p.Name + ")"
	}
	if urls == nil {
		return f.Prompter.Confirm(fmt.Sprintf("Delete %s%s: %s?", plural(len(ids), "webhook"), profile, summarizeIDs(ids)), false)
	}
	fmt.Fprintf(f.IO.ErrOut, "About to delete %s%s:\n", plural(len(ids), "webhook"), profile)
	tw := tabwriter.NewWriter(f.IO.ErrOut, 0, 0, 2, ' ', 0)
	for i, id := range ids {
		if i == confirmShowMax {
			fmt.Fprintf(tw, "  … and %d more\n", len(ids)-i)
			break
		}
		url, ok := urls[id]
		if !ok {
			url = "(not found in the list)"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", id, url)
	}
	tw.Flush()
	return f.Prompter.Confirm(fmt.Sprintf("Delete %s?", plural(len(ids), "webhook")), false)
}

// deleteTargets maps the profile's webhook ids to their URLs, or nil when
// listing fails or takes too long.
func deleteTargets(ctx context.Context, f *Factory) map[string]string {
	b, err := f.Backend()
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, confirmListTimeout)
	defer cancel()
	ws, err := b.List(ctx)
	if err != nil {
		return nil
	}
	urls := make(map[string]string, len(ws))
	for _, w := range ws {
		urls[w.ID] = w.URL
	}
	return urls
}
