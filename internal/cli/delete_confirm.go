package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// confirmListTimeout bounds the one list call that shows what a delete
// will remove; past it, the question shows the ids alone.
const confirmListTimeout = 5 * time.Second

// confirmShowMax is how many webhooks the question lists one a line.
const confirmShowMax = 10

// confirmDelete asks on the terminal whether to delete ids, showing each
// with its callback URL when one list call can tell them. An id that list
// shows is not there is not asked about: it is returned in missing, to be
// reported not found; when none is there, nothing is asked.
func confirmDelete(ctx context.Context, f *Factory, ids []string) (ok bool, missing map[string]bool, err error) {
	urls := deleteTargets(ctx, f)
	profile, name := "", "the profile"
	if p, err := f.Profile(); err == nil {
		profile, name = " (profile "+p.Name+")", "profile "+p.Name
	}
	if urls == nil {
		ok, err := f.Prompter.Confirm(fmt.Sprintf("Delete %s%s: %s?", plural(len(ids), "webhook"), profile, summarizeIDs(ids)), false)
		return ok, nil, err
	}
	var there []string
	missing = map[string]bool{}
	for _, id := range ids {
		if _, ok := urls[id]; ok {
			there = append(there, id)
		} else {
			missing[id] = true
		}
	}
	if len(missing) > 0 {
		var gone []string
		for _, id := range ids {
			if missing[id] {
				gone = append(gone, webhook.Escape(id))
			}
		}
		fmt.Fprintf(f.IO.ErrOut, "hookctl: not in %s, so not deleted: %s\n", name, summarizeIDs(gone))
	}
	if len(there) == 0 {
		return true, missing, nil // nothing to ask: each is reported not found
	}
	fmt.Fprintf(f.IO.ErrOut, "About to delete %s%s:\n", plural(len(there), "webhook"), profile)
	tw := tabwriter.NewWriter(f.IO.ErrOut, 0, 0, 2, ' ', 0)
	for i, id := range there {
		if i == confirmShowMax {
			fmt.Fprintf(tw, "  … and %d more\n", len(there)-i)
			break
		}
		fmt.Fprintf(tw, "  %s\t%s\n", webhook.Escape(id), webhook.Escape(urls[id]))
	}
	tw.Flush()
	ok, err = f.Prompter.Confirm(fmt.Sprintf("Delete %s?", plural(len(there), "webhook")), false)
	return ok, missing, err
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
