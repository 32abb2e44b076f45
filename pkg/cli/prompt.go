package cli

import (
	"errors"
	"os"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/terminal"
)

// Prompter asks questions on a terminal. Commands use it only when
// Factory.CanPrompt is true; tests pass a fake.
type Prompter interface {
	// Input asks for a line of text; validate may reject it (asked again).
	Input(message, help string, validate func(string) error) (string, error)
	// Password asks for a secret without echo.
	Password(message, help string) (string, error)
	// Confirm asks yes or no.
	Confirm(message string, def bool) (bool, error)
	// Select asks for one of options.
	Select(message string, options []string, def string) (string, error)
	// MultiSelect asks for one or more of options.
	MultiSelect(message string, options []string) ([]string, error)
}

// surveyPrompter is the real Prompter, on survey/v2.
type surveyPrompter struct {
	stdio terminal.Stdio
}

func newSurveyPrompter(io *IOStreams) Prompter {
	in, okIn := io.In.(*os.File)
	out, okOut := io.Out.(*os.File)
	errOut, okErr := io.ErrOut.(*os.File)
	if !okIn || !okOut || !okErr {
		return nil
	}
	return &surveyPrompter{stdio: terminal.Stdio{In: in, Out: out, Err: errOut}}
}

func (p *surveyPrompter) ask(q survey.Prompt, answer any, opts ...survey.AskOpt) error {
	opts = append(opts, survey.WithStdio(p.stdio.In, p.stdio.Out, p.stdio.Err))
	err := survey.AskOne(q, answer, opts...)
	if errors.Is(err, terminal.InterruptErr) {
		return errInterrupted
	}
	return err
}

func (p *surveyPrompter) Input(message, help string, validate func(string) error) (string, error) {
	var v string
	var opts []survey.AskOpt
	if validate != nil {
		opts = append(opts, survey.WithValidator(func(ans any) error { return validate(ans.(string)) }))
	}
	err := p.ask(&survey.Input{Message: message, Help: help}, &v, opts...)
	return v, err
}

func (p *surveyPrompter) Password(message, help string) (string, error) {
	var v string
	err := p.ask(&survey.Password{Message: message, Help: help}, &v)
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
	err := p.ask(&survey.MultiSelect{Message: message, Options: options}, &v, survey.WithValidator(survey.MinItems(1)))
	return v, err
}
