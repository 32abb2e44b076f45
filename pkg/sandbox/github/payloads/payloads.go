// Package payloads holds complete GitHub webhook payloads, one for each
// event hookctl sends (trigger's samples, the sandbox's deliveries), so
// that what hookctl sends has every member GitHub's own payloads have and
// validates against GitHub's published webhook schemas.
//
// examples.json is built by update.py from GitHub's published examples, the
// npm package @octokit/webhooks-examples 7.6.1 (MIT licence,
// api.github.com/index.json): for each event one repository example with
// the action hookctl sends, and "ping.organization", an organization's
// ping, with the members GitHub's published schemas now require and these
// older examples lack filled in as GitHub sends them when unset. Callers
// change ids, names and times; the shape stays GitHub's.
package payloads

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

//go:embed examples.json
var examples []byte

// Example returns a fresh copy of GitHub's example payload of event (e.g.
// "push", "ping.organization") as generic JSON: maps, slices, strings,
// float64s, bools and nils, to be changed before it is encoded.
func Example(event string) (map[string]any, error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(examples, &all); err != nil {
		return nil, err
	}
	raw, ok := all[event]
	if !ok {
		return nil, fmt.Errorf("no example payload of GitHub event %q", event)
	}
	var p map[string]any
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	return p, nil
}

// Object is p[key] as an object, nil when it is not one.
func Object(p map[string]any, key string) map[string]any {
	m, _ := p[key].(map[string]any)
	return m
}
