package cli

import (
	"context"
	"fmt"

	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/pflag"
)

// changeFlags are the field flags shared by create and update.
type changeFlags struct {
	url, model, description, active string
	events                          []string
	allowUnknownEvents              bool
	// secretStdin and secretFile give a write-only signing secret (github),
	// never on the command line where ps and shell history would keep it.
	secretStdin bool
	secretFile  string
	// f reads the secret (stdin, a terminal, a file).
	f *Factory
}

func (c *changeFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.url, "url", "", "callback URL (absolute http or https)")
	fs.StringVar(&c.model, "model", "", "id of the watched model ("+later("field-model", func() string { return dialectsWithField(webhook.FieldModel) })+")")
	fs.StringVar(&c.description, "description", "", "description, at most 16384 characters (fewer where the vendor says)"+later("native-description", func() string { return nativeNames(webhook.FieldDescription) }))
	fs.StringArrayVar(&c.events, "event", nil, "event to subscribe to, repeatable or comma-separated ("+later("field-events", func() string { return dialectsWithField(webhook.FieldEvents) })+")")
	fs.StringVar(&c.active, "active", "", "whether deliveries are sent: true or false")
	fs.BoolVar(&c.allowUnknownEvents, "allow-unknown-events", false, "send event names hookctl does not know")
	fs.BoolVar(&c.secretStdin, "secret-stdin", false, "read the webhook's signing secret from stdin, one line ("+later("write-only-secret", func() string { return dialectsWhere(writeOnlySecret) })+"; write-only, never shown back)")
	fs.StringVar(&c.secretFile, "secret-file", "", "read the webhook's signing secret from `FILE` ("+later("write-only-secret", func() string { return dialectsWhere(writeOnlySecret) })+"; write-only, never shown back)")
}

// changes collects the flags the user gave, and only those.
func (c *changeFlags) changes(ctx context.Context, fs *pflag.FlagSet) (webhook.Changes, error) {
	var ch webhook.Changes
	if fs.Changed("url") {
		ch.URL = &c.url
	}
	if fs.Changed("model") {
		ch.Model = &c.model
	}
	if fs.Changed("description") {
		ch.Description = &c.description
	}
	if fs.Changed("event") {
		ch.Events = splitEvents(c.events)
	}
	if fs.Changed("active") {
		b, err := webhook.ParseBool("--active", c.active)
		if err != nil {
			return ch, err
		}
		ch.Active = &b
	}
	secret, err := c.secret(ctx)
	if err != nil {
		return ch, err
	}
	ch.Secret = secret
	return ch, nil
}

// secret reads --secret-stdin or --secret-file: the first line, without
// its line ending (see readSecretInput). nil when neither was given.
func (c *changeFlags) secret(ctx context.Context) (*string, error) {
	switch {
	case c.secretStdin && c.secretFile != "":
		return nil, &usageError{fmt.Errorf("--secret-stdin and --secret-file: pass one of them")}
	case !c.secretStdin && c.secretFile == "":
		return nil, nil
	}
	s, err := c.f.readSecretInput(ctx, c.secretFile, c.secretStdin)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

func splitEvents(values []string) []string {
	out := []string{}
	for _, v := range values {
		out = append(out, webhook.SplitList(v)...)
	}
	return out
}
