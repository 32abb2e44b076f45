package supportbee

import (
	"strings"

	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Profile keys of a SupportBee profile.
const (
	KeyCompany   = "company"
	KeyAuthToken = "auth-token"
)

// Descriptor is everything hookctl knows about the SupportBee dialect.
// SupportBee documents no rate limit (429s are still retried, with
// exponential backoff) and does not sign deliveries.
var Descriptor = &spec.Descriptor{
	Name:   Dialect,
	Title:  "SupportBee",
	Schema: Schema,
	Keys: []spec.Key{
		{Name: KeyCompany, Label: "Company (NAME in NAME.supportbee.com; empty to give a base URL)", Required: true, Unless: spec.KeyBaseURL, Help: "your help desk's subdomain; leave it empty to give a base URL instead"},
		{Name: spec.KeyBaseURL, Label: "Base URL", Default: "https://COMPANY.supportbee.com", Help: "only for a proxy, the sandbox, or without a company name"},
		{Name: KeyAuthToken, Label: "API token", Required: true, Secret: true, Help: "an agent's API token, from Settings → API Token"},
	},
	BaseURLFrom: func(v spec.Values) string {
		if c := v.Get(KeyCompany); c != "" && companyName(c) {
			return companyURL(c)
		}
		return ""
	},
	Samples: Samples,
	Sandbox: spec.Sandbox{
		Emulator: sandbox.SupportBeeEmulator,
		Profile:  "sandbox-supportbee",
		Values:   spec.Values{"dialect": Dialect, KeyCompany: sandbox.SupportBeeCompany, KeyAuthToken: sandbox.SupportBeeToken},
	},
	Open: func(v spec.Values, c spec.Clients) (webhook.Backend, error) {
		return New(Config{BaseURL: v.Get(spec.KeyBaseURL), Company: v.Get(KeyCompany), AuthToken: v.Get(KeyAuthToken), Client: c.API})
	},
}

// companyURL is the API root of a company.
func companyURL(company string) string {
	return "https://" + strings.ToLower(company) + ".supportbee.com"
}
