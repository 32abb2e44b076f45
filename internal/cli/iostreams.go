package cli

import (
	"io"
	"os"
	"strconv"
	"sync"

	"golang.org/x/term"
)

// IOStreams is the one place that decides terminal behaviour: whether to
// prompt, whether to print tables and colour, how wide the screen is.
type IOStreams struct {
	In  io.Reader
	Out io.Writer
	// ErrOut serializes writes: notices come from retry timers, bulk
	// workers and library logs at once, and each must arrive whole.
	ErrOut io.Writer

	// errFile is stderr itself when it is a file, for the prompter.
	errFile *os.File

	inTTY, outTTY, errTTY bool
	width, height         int
	noColor               bool
}

// NewIOStreams inspects the given streams. HOOKCTL_FORCE_TTY=1 (or a width
// such as 120) makes stdout count as a terminal, for tests and for piping a
// table on purpose; NO_COLOR turns colour off, and so does TERM=dumb (a
// terminal that shows escape sequences as text: Emacs' shell, some CI logs).
func NewIOStreams(in io.Reader, out, errOut io.Writer, getenv func(string) string) *IOStreams {
	s := &IOStreams{In: in, Out: out, ErrOut: &lockedWriter{w: errOut}, noColor: getenv("NO_COLOR") != "" || getenv("TERM") == "dumb"}
	s.errFile, _ = errOut.(*os.File)
	s.inTTY = isTerminal(in)
	s.outTTY = isTerminal(out)
	s.errTTY = isTerminal(errOut)
	if f, ok := out.(*os.File); ok && s.outTTY {
		s.width, s.height, _ = term.GetSize(int(f.Fd()))
	}
	if force := getenv("HOOKCTL_FORCE_TTY"); force != "" && force != "0" {
		s.outTTY = true
		if n, err := strconv.Atoi(force); err == nil && n > 1 {
			s.width = n
		}
	}
	return s
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// IsStdoutTTY reports whether stdout is a terminal: tables and colour.
func (s *IOStreams) IsStdoutTTY() bool { return s.outTTY }

// IsStderrTTY reports whether stderr is a terminal: progress and notices.
func (s *IOStreams) IsStderrTTY() bool { return s.errTTY }

// CanPrompt is true only when stdin and stdout are terminals.
func (s *IOStreams) CanPrompt() bool { return s.inTTY && s.outTTY }

// ColorEnabled is true on a terminal unless NO_COLOR is set.
func (s *IOStreams) ColorEnabled() bool { return s.outTTY && !s.noColor }

// Width is the terminal width, 0 when unknown.
func (s *IOStreams) Width() int { return s.width }

// Height is the terminal's number of rows, 0 when unknown.
func (s *IOStreams) Height() int { return s.height }

// lockedWriter makes each Write to the underlying writer whole, whichever
// goroutine calls it.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
