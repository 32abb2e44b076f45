package cli

import (
	"fmt"
	"github.com/hookctl/hookctl/internal/suggest"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// writeCompletion writes root's completion script for shell, with
// descriptions (cobra's v2 scripts).
func writeCompletion(root *cobra.Command, shell string, w io.Writer) error {
	switch shell {
	case "bash":
		return root.GenBashCompletionV2(w, true)
	case "zsh":
		var b strings.Builder
		if err := root.GenZshCompletion(&b); err != nil {
			return err
		}
		_, err := io.WriteString(w, strings.Replace(b.String(), "\ncompdef _"+root.Name()+" "+root.Name()+"\n", zshCompinit+"compdef _"+root.Name()+" "+root.Name()+"\n", 1))
		return err
	case "fish":
		return root.GenFishCompletion(w, true)
	case "powershell":
		return root.GenPowerShellCompletionWithDesc(w)
	}
	err := fmt.Errorf("unknown shell %q (shells: %s)", shell, strings.Join(completionShells, ", "))
	if h := suggest.Phrase(shell, completionShells, func(w string) string { return "`hookctl completion " + w + "`" }); h != "" {
		err = withHint(err, h)
	}
	return &usageError{err}
}

// zshCompinit starts zsh's completion system when the script is sourced
// into a shell that has not (a fresh zsh without compinit in ~/.zshrc):
// `source <(hookctl completion zsh)` then works as the help says, instead
// of failing with "command not found: compdef".
const zshCompinit = `
# Sourced into a shell whose completion system is not started: start it.
(( $+functions[compdef] )) || { autoload -Uz compinit && compinit }
`

// WriteCompletion writes hookctl's completion script for shell (bash, zsh,
// fish or powershell) from the command tree root, for the docs generator.
func WriteCompletion(root *cobra.Command, shell string, w io.Writer) error {
	return writeCompletion(root, shell, w)
}

// CompletionShells lists the shells WriteCompletion knows.
func CompletionShells() []string {
	return append([]string(nil), completionShells...)
}
