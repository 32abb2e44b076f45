package cli

import (
	"github.com/hookctl/hookctl/pkg/webhook"
)

// askMissing prompts for the required fields create lacks, with the
// dialect's choices, validating each answer as the flags would be.
func askMissing(f *Factory, s *webhook.Schema, ch webhook.Changes, allowUnknown bool) (webhook.Changes, error) {
	check := func(c webhook.Changes) func(string) error {
		return func(string) error { return s.Validate(c, false, allowUnknown) }
	}
	for _, fl := range s.Fields {
		if !fl.Required {
			continue
		}
		switch fl.Name {
		case webhook.FieldURL:
			if ch.URL == nil {
				v, err := f.Prompter.Input("Callback URL:", fl.Help, func(v string) error { return check(webhook.Changes{URL: &v})(v) })
				if err != nil {
					return ch, err
				}
				ch.URL = &v
			}
		case webhook.FieldModel:
			if ch.Model == nil {
				v, err := f.Prompter.Input("Model id:", fl.Help, func(v string) error { return check(webhook.Changes{Model: &v})(v) })
				if err != nil {
					return ch, err
				}
				ch.Model = &v
			}
		case webhook.FieldDescription:
			if ch.Description == nil {
				v, err := f.Prompter.Input("Name:", fl.Help, func(v string) error { return check(webhook.Changes{Description: &v})(v) })
				if err != nil {
					return ch, err
				}
				ch.Description = &v
			}
		case webhook.FieldEvents:
			if ch.Events == nil {
				v, err := f.Prompter.MultiSelect("Events:", s.Events)
				if err != nil {
					return ch, err
				}
				ch.Events = v
			}
		}
	}
	return ch, nil
}
