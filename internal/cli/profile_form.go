package cli

import (
	"errors"
	"strings"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/httpx"
)

// askProfileFields is the guided form of `profile add`: each of the
// dialect's keys that values lacks, secrets without echo. Optional keys may
// be left empty; a required key with an alternative (SupportBee's company
// or base-url) becomes optional once the alternative is given, and the
// alternative required when it is left empty.
func askProfileFields(f *Factory, dialect string, values map[string]string) error {
	fields := config.ProfileKeys(dialect)
	for i, fl := range fields {
		if values[fl.Name] != "" || (fl.Excludes != "" && values[fl.Excludes] != "") {
			continue // given, or excluded by a key given (a repository, then no organization)
		}
		required := fl.Required
		if fl.Unless != "" && (values[fl.Unless] != "" || askedLater(fields[i+1:], fl.Unless, values)) {
			required = false // its alternative is given, or asked next and then required
		}
		if alternativeOf(fields[:i], fl.Name, values) {
			required = true // it stands in for an earlier key left empty
		}
		validate := func(v string) error {
			v = strings.TrimSpace(v)
			if v == "" {
				if required {
					return errors.New("a value is required")
				}
				return nil
			}
			if fl.Name == config.KeyBaseURL {
				return checkBaseURL(v)
			}
			return nil
		}
		label := fl.Label
		switch {
		case required, fl.Unless != "":
		case fl.Default != "":
			label += " (optional, Enter for " + fl.Default + ")"
		default:
			label += " (optional, Enter to skip)"
		}
		var v string
		var err error
		if fl.Secret {
			v, err = f.Prompter.Password(label+":", fl.Help, validate)
		} else {
			v, err = f.Prompter.Input(label+":", fl.Help, validate)
		}
		if err != nil {
			return err
		}
		values[fl.Name] = strings.TrimSpace(v)
	}
	return nil
}

// askedLater reports whether key is among the fields still to be asked.
func askedLater(rest []config.Field, key string, values map[string]string) bool {
	for _, fl := range rest {
		if fl.Name == key && values[key] == "" {
			return true
		}
	}
	return false
}

// alternativeOf reports whether key is the alternative of an earlier
// required key that was left empty.
func alternativeOf(fields []config.Field, key string, values map[string]string) bool {
	for _, fl := range fields {
		if fl.Required && fl.Unless == key && values[fl.Name] == "" {
			return true
		}
	}
	return false
}

// checkBaseURL applies the client's base-url rules (https, or http to
// loopback) before anything is saved.
func checkBaseURL(u string) error {
	_, err := httpx.CheckBaseURL(u)
	return err
}
