package cli

import "runtime/debug"

// A run lives for a fraction of a second and allocates a few megabytes, so
// Go's default pace (a collection each time the heap doubles from 4 MB)
// costs more than it saves: listing 10,000 webhooks as TSV took 12 % less
// time and 19 % less CPU at 200, with the same peak memory. 400 saved a
// little more CPU but grew a 10,000-row table or YAML document's peak by
// half (docs/performance.md). The soft memory limit makes the collector
// work harder rather than let a very large list triple the heap it holds.
const (
	gcPercent   = 200
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
