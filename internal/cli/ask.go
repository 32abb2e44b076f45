package cli

import (
	"strings"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// askMissing prompts for the required fields create lacks, with the
// dialect's choices (Entrust's events as a multi-select), validating each
// answer as the flag would be, so a bad answer is asked again instead of
// failing after the form.
func askMissing(f *Factory, s *webhook.Schema, ch webhook.Changes, allowUnknown bool) (webhook.Changes, error) {
	valid := func(c webhook.Changes) error { return s.Validate(c, false, allowUnknown) }
	input := func(label, help string, field func(*webhook.Changes, *string)) (string, error) {
		v, err := f.Prompter.Input(label, help, func(v string) error {
			v = strings.TrimSpace(v)
			var c webhook.Changes
			field(&c, &v)
			return valid(c)
		})
		return strings.TrimSpace(v), err
	}
	for _, fl := range s.Fields {
		if !fl.Required {
			continue
		}
		switch fl.Name {
		case webhook.FieldURL:
			if ch.URL == nil {
				v, err := input("Callback URL:", fl.Help, func(c *webhook.Changes, v *string) { c.URL = v })
				if err != nil {
					return ch, err
				}
				ch.URL = &v
			}
		case webhook.FieldModel:
			if ch.Model == nil {
				v, err := input("Model id (the board, list or card to watch):", fl.Help, func(c *webhook.Changes, v *string) { c.Model = v })
				if err != nil {
					return ch, err
				}
				ch.Model = &v
			}
		case webhook.FieldDescription:
			if ch.Description == nil {
				v, err := input("Name:", fl.Help, func(c *webhook.Changes, v *string) { c.Description = v })
				if err != nil {
					return ch, err
				}
				ch.Description = &v
			}
		case webhook.FieldEvents:
			if ch.Events == nil {
				v, err := askEvents(f, s, fl.Help, valid)
				if err != nil {
					return ch, err
				}
				ch.Events = v
			}
		}
	}
	return ch, nil
}

// askEvents offers the dialect's known events; with none known it asks for
// a comma-separated list.
func askEvents(f *Factory, s *webhook.Schema, help string, valid func(webhook.Changes) error) ([]string, error) {
	if len(s.Events) > 0 {
		return f.Prompter.MultiSelect("Events:", s.Events)
	}
	v, err := f.Prompter.Input("Events (comma-separated):", help, func(v string) error {
		return valid(webhook.Changes{Events: webhook.SplitList(v)})
	})
	return webhook.SplitList(v), err
}
