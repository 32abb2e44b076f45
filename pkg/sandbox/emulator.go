package sandbox

import (
	"net/http"
	"sort"
	"strings"
	"time"
)

// Emulator is one vendor's API as the sandbox serves it. Each vendor's
// emulator is one file of this package (trello.go, supportbee.go,
// entrust.go, …) that registers itself and is exported as a value
// (TrelloEmulator, …) which the vendor's dialect descriptor names. The rest
// of the package (store, faults, transport, serving, callback delivery)
// knows no vendor: it routes by the emulators' prefixes, keeps each
// emulator's part of the state under its name, and asks the emulator how
// the vendor answers a fault.
//
// The unexported methods keep the set of emulators to this package: an
// emulator shares the sandbox's state file and fault injection.
type Emulator interface {
	// Name is the emulator's name: the dialect it emulates ("trello"), the
	// key of its part of the state file, and what Options.Dialects names.
	Name() string
	// Prefix is the path the emulator is served under, e.g. "/trello/1".
	Prefix() string

	// about is the line GET / shows for it: a path after the prefix, two
	// spaces and the API's name.
	about() string
	// serve answers one request whose path is under the prefix.
	serve(s *Sandbox, w http.ResponseWriter, q *request)
	// credential names what the vendor rate-limits on; the value is only a
	// map key, never logged.
	credential(r *http.Request) string
	// rateLimited answers 429 the way the vendor does.
	rateLimited(w http.ResponseWriter, r *http.Request, wait time.Duration)
	// unavailable answers an injected 503 in the vendor's style.
	unavailable(w http.ResponseWriter)
	// tooLarge answers a body over maxBody.
	tooLarge(w http.ResponseWriter)
	// redactPath hides credentials in a path after the prefix, for logs.
	redactPath(rest string) string
}

// registered are the emulators of this package, by name.
var registered = map[string]Emulator{}

// register adds an emulator to those Options.Emulators defaults to.
func register(e Emulator) Emulator {
	registered[e.Name()] = e
	return e
}

// Dialects returns the names of the emulators this package has, sorted.
func Dialects() []string {
	out := make([]string, 0, len(registered))
	for n := range registered {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the emulator called name, nil when there is none.
func Lookup(name string) Emulator { return registered[name] }

// BaseURL returns the base URL of one dialect under a sandbox root such as
// "http://127.0.0.1:PORT" (root+"/trello/1" for Trello). It returns "" for
// an unknown dialect.
func BaseURL(root, dialect string) string {
	e := registered[dialect]
	if e == nil {
		return ""
	}
	return strings.TrimRight(root, "/") + e.Prefix()
}
