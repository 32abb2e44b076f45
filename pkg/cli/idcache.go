package cli

import "github.com/hookctl/hookctl/pkg/webhook"

// rememberIDs refreshes the completion cache of the profile's ids.
func (f *Factory) rememberIDs(ws []webhook.Webhook) {}

// forgetIDs drops the completion cache after a change.
func (f *Factory) forgetIDs() {}
