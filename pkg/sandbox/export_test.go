package sandbox

import "io"

// SetStoreWrite makes sb's state saves write with fn (a full disk, say).
func SetStoreWrite(sb *Sandbox, fn func(io.Writer, []byte) error) { sb.store.write = fn }

// ViewPartOf runs fn on the named emulator's part of sb's state.
func ViewPartOf[T any](sb *Sandbox, name string, fn func(*T) error) error {
	return viewPart(sb, name, fn)
}
