package entrust

import "testing"

// FuzzEntrustDecode feeds any answer through every entrust call that decodes one: it
// must never panic, and an error must be one line without a credential.
func FuzzEntrustDecode(f *testing.F) { badDialect.FuzzDecode(f) }
