package sandbox

// Emulator is one vendor's API as the sandbox serves it. Each vendor's
// emulator is one file of this package (trello.go, supportbee.go,
// entrust.go) and is exported as a value (TrelloEmulator, …) that the
// vendor's dialect descriptor names; the rest of the package (store, faults,
// transport, serving, callback delivery) knows no vendor.
//
// The unexported methods keep the set of emulators to this package: an
// emulator shares the sandbox's state file and fault injection.
type Emulator interface {
	// Name is the emulator's name: the dialect it emulates ("trello"), the
	// key of its part of the state file, and what Options.Dialects names.
	Name() string
	// Prefix is the path the emulator is served under, e.g. "/trello/1".
	Prefix() string
}

// Emulators of the vendors this package knows.
var (
	// TrelloEmulator serves the Trello REST API v1 under /trello/1.
	TrelloEmulator Emulator = trelloEmulator{}
	// SupportBeeEmulator serves the SupportBee API under /supportbee.
	SupportBeeEmulator Emulator = supportBeeEmulator{}
	// EntrustEmulator serves the Entrust IDaaS Administration API under
	// /entrust.
	EntrustEmulator Emulator = entrustEmulator{}
)

type trelloEmulator struct{}

func (trelloEmulator) Name() string   { return Trello }
func (trelloEmulator) Prefix() string { return trelloPrefix }

type supportBeeEmulator struct{}

func (supportBeeEmulator) Name() string   { return SupportBee }
func (supportBeeEmulator) Prefix() string { return supportBeePrefix }

type entrustEmulator struct{}

func (entrustEmulator) Name() string   { return Entrust }
func (entrustEmulator) Prefix() string { return entrustPrefix }
