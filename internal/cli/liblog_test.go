package cli

import (
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/httpx"
)

func TestLibraryLogFollowsTheDebugPolicy(t *testing.T) {
	var errOut strings.Builder
	f := &Factory{IO: &IOStreams{ErrOut: &errOut}, Opts: &GlobalOptions{}, Redactor: httpx.NewRedactor("sekrit-token")}
	l := libraryLog{f}
	l.Write([]byte("Unsolicited response received on idle HTTP channel starting with \"sekrit-token\"\n"))
	if errOut.Len() != 0 {
		t.Fatalf("without --debug: %q", errOut.String())
	}
	f.Opts.Debug = true
	l.Write([]byte("http: TLS handshake error\nfrom 127.0.0.1: sekrit-token\n"))
	want := "debug: library: http: TLS handshake error\ndebug: library: from 127.0.0.1: REDACTED\n"
	if errOut.String() != want {
		t.Fatalf("got %q, want %q", errOut.String(), want)
	}
}
