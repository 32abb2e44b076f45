package trello

import "testing"

// FuzzTrelloDecode feeds any answer through every trello call that decodes one: it
// must never panic, and an error must be one line without a credential.
func FuzzTrelloDecode(f *testing.F) { badDialect.FuzzDecode(f) }
