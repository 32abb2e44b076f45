package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// completionShells are the shells `hookctl completion` writes scripts for.
var completionShells = []string{"bash", "zsh", "fish", "powershell"}

func newCmdCompletion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Generate a shell completion script",
		Long: `Print the completion script for a shell. Once installed, TAB completes
commands, flags, webhook ids (with their URL), field names and values of the
profile's dialect, profile names, output formats and event names.

Webhook ids come from a short-lived cache under $XDG_CACHE_HOME/hookctl/ that
list, create and delete refresh; on a miss hookctl asks the backend, giving
up after about a second. Completion never prompts and never reads the keyring.

Bash (needs the bash-completion package, version 2):

  # this shell only
  source <(hookctl completion bash)
  # every new shell
  mkdir -p ~/.local/share/bash-completion/completions
  hookctl completion bash > ~/.local/share/bash-completion/completions/hookctl

Zsh:

  # this shell only
  source <(hookctl completion zsh)
  # every new shell: a directory of your own in $fpath, then restart zsh
  mkdir -p ~/.local/share/zsh/site-functions
  hookctl completion zsh > ~/.local/share/zsh/site-functions/_hookctl
  # and in ~/.zshrc, before any compinit:
  #   fpath=(~/.local/share/zsh/site-functions $fpath)
  #   autoload -U compinit; compinit

Fish:

  mkdir -p ~/.config/fish/completions
  hookctl completion fish > ~/.config/fish/completions/hookctl.fish

PowerShell:

  hookctl completion powershell | Out-String | Invoke-Expression
  # every new shell: add the line above to $PROFILE

Release archives and packages include the scripts in completions/.`,
		Example: `  mkdir -p ~/.local/share/bash-completion/completions && hookctl completion bash > ~/.local/share/bash-completion/completions/hookctl
  mkdir -p ~/.config/fish/completions && hookctl completion fish > ~/.config/fish/completions/hookctl.fish`,
		ValidArgs:   completionShells,
		Annotations: prints(outNone),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &usageError{fmt.Errorf("usage: %s bash|zsh|fish|powershell", cmd.CommandPath())}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return writeCompletion(cmd.Root(), args[0], f.IO.Out)
		},
	}
}
