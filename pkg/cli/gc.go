package cli

import "runtime/debug"

// A run lives for a fraction of a second and allocates a few megabytes, so
// Go's default pace (a collection each time the heap doubles from 4 MB)
// costs more than it saves: listing 10,000 webhooks took about 15 % less
// time and CPU at 400, with the same peak memory (docs/performance.md).
// The soft memory limit makes the collector work harder instead of letting
// a very large list grow the heap to 5× what it holds.
const (
	gcPercent   = 400
	memoryLimit = 256 << 20
)

// tuneGC sets the collector's pace for a run, unless GOGC or GOMEMLIMIT
// say otherwise.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
