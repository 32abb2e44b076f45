package cli

import (
	"io"
	"log"
	"strings"
)

// routeLibraryLog sends whatever a library writes with the standard log
// package (net/http's "Unsolicited response received on idle HTTP channel",
// an http.Server's "http: TLS handshake error") through hookctl's policy
// instead of raw to stderr: nothing without --debug, one redacted debug line
// with it.
func routeLibraryLog(f *Factory) {
	log.SetFlags(0)
	log.SetPrefix("")
	log.SetOutput(libraryLog{f})
}

// libraryLog is the std log's writer for a run.
type libraryLog struct{ f *Factory }

func (l libraryLog) Write(p []byte) (int, error) {
	f := l.f
	if f.Opts == nil || !f.Opts.Debug || f.completing {
		return len(p), nil
	}
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		line = strings.TrimSuffix(line, "; err=<nil>") // net/http's "no error", in Go's words
		_, _ = io.WriteString(f.IO.ErrOut, f.Redactor.String("debug: library: "+oneLine(line))+"\n")
	}
	return len(p), nil
}
