// Package cli is hookctl's command tree: one file per verb, the Factory of
// lazy dependencies, and Main, the one place that turns errors into exit
// codes and one-line messages.
package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
)

// Main runs hookctl with the given arguments and streams and returns the
// exit code. It never panics out and never prints a secret.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	f := &Factory{
		IO:       NewIOStreams(stdin, stdout, stderr, os.Getenv),
		Getenv:   os.Getenv,
		Opts:     &GlobalOptions{},
		Redactor: httpx.NewRedactor(),
	}
	f.Prompter = newSurveyPrompter(f.IO)
	f.Secrets = defaultSecretStore(f)
	routeLibraryLog(f)
	return Run(context.Background(), f, args)
}

// Run executes the command tree with a prepared Factory (tests use it with
// fakes) and returns the exit code.
func Run(ctx context.Context, f *Factory, args []string) int {
	// The one place that knows a run is a shell's TAB: nothing on that path
	// prompts, reads the keyring or prints a notice, and only then is the
	// tree's dynamic completion wired in.
	f.completing = isCompletionRequest(args)
	f.args = args
	if f.completing {
		f.completionArgs = args
	}
	ctx, stop := interruptible(ctx)
	defer stop()
	f.ctx = ctx
	root := NewRootCmd(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetErr(f.IO.ErrOut)
	if f.completing {
		// A TAB may offer a thousand candidates: one write, not a thousand.
		out := bufio.NewWriter(f.IO.Out)
		defer out.Flush()
		root.SetOut(out)
	} else {
		root.SetOut(f.IO.Out)
	}
	err := root.ExecuteContext(ctx)
	var usage *usageError
	switch {
	case err == nil:
	case ctx.Err() != nil:
		err = errInterrupted
	case !f.started && !errors.As(err, &usage):
		err = &usageError{explainUsage(root, err)}
	}
	code := ExitCode(err)
	if err != nil {
		report(f, err, code)
	}
	return code
}

// report prints the one-line error (and a hint where one helps), scrubbed of
// every credential the run knows about.
func report(f *Factory, err error, code int) {
	var silent *silentError
	if errors.As(err, &silent) {
		return
	}
	msg := strings.TrimSpace(err.Error())
	if code == ExitInterrupted {
		msg = "interrupted"
	}
	fmt.Fprintln(f.IO.ErrOut, f.Redactor.String("hookctl: "+oneLine(msg)))
	h := hintOf(err)
	if h == "" {
		h = f.sandboxDownHint(err)
	}
	if h == "" {
		h = hint(code, f.hintProfile())
	}
	if h != "" {
		fmt.Fprintln(f.IO.ErrOut, f.Redactor.String("hint: "+h))
	}
}

// hintProfile is the profile a hint should name: the one the run used, else
// the one asked for, else the NAME placeholder.
func (f *Factory) hintProfile() string {
	switch {
	case f.hintName != "":
		return f.hintName
	case f.prof.Name != "":
		return f.prof.Name
	case f.Opts.Profile != "":
		return f.Opts.Profile
	}
	return "NAME"
}

// oneLine is an error message on one line, safe for a terminal: the backend
// text it may carry goes through webhook's one rule.
func oneLine(s string) string {
	return webhook.OneLine(s, 0)
}

// isCompletionRequest reports whether args are a shell's completion request:
// cobra's scripts always call `hookctl __complete ARGS...`.
func isCompletionRequest(args []string) bool {
	return len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
}
