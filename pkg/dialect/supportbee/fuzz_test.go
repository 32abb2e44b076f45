package supportbee

import "testing"

// FuzzSupportBeeDecode feeds any answer through every supportbee call that decodes one: it
// must never panic, and an error must be one line without a credential.
func FuzzSupportBeeDecode(f *testing.F) { badDialect.FuzzDecode(f) }
