package cli

import (
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/pflag"
)

// changeFlags are the field flags shared by create and update.
type changeFlags struct {
	url, model, description, active string
	events                          []string
	allowUnknownEvents              bool
}

func (c *changeFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.url, "url", "", "callback URL (absolute http or https)")
	fs.StringVar(&c.model, "model", "", "id of the watched model, 24 hex (trello)")
	fs.StringVar(&c.description, "description", "", "description, at most 16384 characters (entrust: the webhook's name)")
	fs.StringArrayVar(&c.events, "event", nil, "event to subscribe to, repeatable or comma-separated (entrust)")
	fs.StringVar(&c.active, "active", "", "whether deliveries are sent: true or false")
	fs.BoolVar(&c.allowUnknownEvents, "allow-unknown-events", false, "send event names hookctl does not know")
}

// changes collects the flags the user gave, and only those.
func (c *changeFlags) changes(fs *pflag.FlagSet) (webhook.Changes, error) {
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
	return ch, nil
}

func splitEvents(values []string) []string {
	out := []string{}
	for _, v := range values {
		out = append(out, webhook.SplitList(v)...)
	}
	return out
}
