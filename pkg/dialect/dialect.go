// Package dialect is the registry of hookctl's dialects: the list of their
// descriptors (see package spec) and lookup by name. Everything about a
// dialect lives in its own package, pkg/dialect/<name>; adding a dialect is
// that package, its emulator, and one line in Descriptors.
//
// A Go program opens a backend by name with the profile values the
// dialect's descriptor lists:
//
//	b, err := dialect.Open("trello", spec.Values{"key": k, "token": t}, dialect.Clients{})
//
// or imports the dialect's package directly (trello.New).
//
// Stability: Descriptors, Names, Lookup, Open, Schema, Emulators and
// Clients are part of hookctl's Go API (SPEC §8); within a major version
// they are added to, not renamed or removed. The order of Descriptors is
// the order help and completion show, and may grow.
package dialect

import (
	"strings"

	"github.com/hookctl/hookctl/pkg/dialect/entrust"
	"github.com/hookctl/hookctl/pkg/dialect/github"
	"github.com/hookctl/hookctl/pkg/dialect/gitlab"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/dialect/supportbee"
	"github.com/hookctl/hookctl/pkg/dialect/trello"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Descriptors are the dialects, in the order help and completion show them.
var Descriptors = []*spec.Descriptor{
	trello.Descriptor,
	supportbee.Descriptor,
	entrust.Descriptor,
	github.Descriptor,
	gitlab.Descriptor,
}

// Names lists the dialects' names, in the order of Descriptors.
var Names = names()

func names() []string {
	out := make([]string, len(Descriptors))
	for i, d := range Descriptors {
		out[i] = d.Name
	}
	return out
}

// Clients are the HTTP clients a backend uses (see spec.Clients).
type Clients = spec.Clients

// Lookup returns the descriptor of the dialect called name, or a
// validation error listing the dialects.
func Lookup(name string) (*spec.Descriptor, error) {
	for _, d := range Descriptors {
		if d.Name == name {
			return d, nil
		}
	}
	return nil, unknown(name)
}

// Schema returns a dialect's field table.
func Schema(name string) (*webhook.Schema, error) {
	d, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	return d.Schema, nil
}

// Open returns the Backend of dialect name for a profile's values.
func Open(name string, v spec.Values, c Clients) (webhook.Backend, error) {
	d, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	return d.Open(v, c)
}

// Emulators returns the sandbox emulators of every dialect that has one,
// for sandbox.Options.Emulators.
func Emulators() []sandbox.Emulator {
	var out []sandbox.Emulator
	for _, d := range Descriptors {
		if d.Sandbox.Emulator != nil {
			out = append(out, d.Sandbox.Emulator)
		}
	}
	return out
}

func unknown(name string) error {
	if name == "" {
		return webhook.Invalid("", "the profile has no dialect (set dialect: to one of %s)", strings.Join(Names, ", "))
	}
	return webhook.Invalid("", "unknown dialect %q (dialects: %s)", name, strings.Join(Names, ", "))
}
