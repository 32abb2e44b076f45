package cli

import (
	"errors"
	"io"
	"os"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/terminal"
)

// Prompter asks questions on a terminal. Commands use it only when
// Factory.CanPrompt is true; tests pass a fake. Ctrl-C at any question
// returns errInterrupted (exit 130).
type Prompter interface {
	// Input asks for a line of text; validate may reject it (asked again).
	Input(message, help string, validate func(string) error) (string, error)
	// Password asks for a secret without echo; validate may reject it.
	Password(message, help string, validate func(string) error) (string, error)
	// Confirm asks yes or no.
	Confirm(message string, def bool) (bool, error)
	// Select asks for one of options.
	Select(message string, options []string, def string) (string, error)
	// MultiSelect asks for one or more of options.
	MultiSelect(message string, options []string) ([]string, error)
}

// surveyPrompter is the real Prompter, on survey/v2. It is the only code
// that knows survey, so the library can be swapped here alone.
type surveyPrompter struct {
	stdio terminal.Stdio
}

// newSurveyPrompter returns the survey Prompter on the run's streams, or nil
// when they are not files (no terminal to ask on). Questions are drawn on
// stderr when it is a terminal (prompts go to stderr), else on
// stdout, which is a terminal whenever prompting is allowed.
func newSurveyPrompter(io *IOStreams) Prompter {
	in, okIn := io.In.(*os.File)
	out, okOut := io.Out.(*os.File)
	errOut := io.errFile
	if !okIn || !okOut || errOut == nil {
		return nil
	}
	if io.IsStderrTTY() {
		out = errOut
	}
	return &surveyPrompter{stdio: terminal.Stdio{In: in, Out: out, Err: errOut}}
}

// ask runs one survey question. Ctrl-C (survey reads it as a key in raw
// mode) and Ctrl-D both end the command with nothing changed.
func (p *surveyPrompter) ask(q survey.Prompt, answer any, opts ...survey.AskOpt) error {
	opts = append(opts, survey.WithStdio(p.stdio.In, p.stdio.Out, p.stdio.Err))
	err := survey.AskOne(q, answer, opts...)
	if errors.Is(err, terminal.InterruptErr) || errors.Is(err, io.EOF) {
		return errInterrupted
	}
	return err
}

func validator(validate func(string) error) []survey.AskOpt {
	if validate == nil {
		return nil
	}
	return []survey.AskOpt{survey.WithValidator(func(ans any) error {
		s, _ := ans.(string)
		return validate(s)
	})}
}

func (p *surveyPrompter) Input(message, help string, validate func(string) error) (string, error) {
	var v string
	err := p.ask(&survey.Input{Message: message, Help: help}, &v, validator(validate)...)
	return v, err
}

func (p *surveyPrompter) Password(message, help string, validate func(string) error) (string, error) {
	var v string
	err := p.ask(&survey.Password{Message: message, Help: help}, &v, validator(validate)...)
	return v, err
}

func (p *surveyPrompter) Confirm(message string, def bool) (bool, error) {
	var v bool
	err := p.ask(&survey.Confirm{Message: message, Default: def}, &v)
	return v, err
}

func (p *surveyPrompter) Select(message string, options []string, def string) (string, error) {
	var v string
	q := &survey.Select{Message: message, Options: options}
	if def != "" {
		q.Default = def
	}
	err := p.ask(q, &v)
	return v, err
}

func (p *surveyPrompter) MultiSelect(message string, options []string) ([]string, error) {
	var v []string
	q := &survey.MultiSelect{Message: message, Options: options, Help: "space to select, enter to accept"}
	err := p.ask(q, &v, survey.WithValidator(survey.MinItems(1)))
	return v, err
}
