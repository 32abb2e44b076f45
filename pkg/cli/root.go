package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// NewRootCmd builds the command tree for one run. Nothing here is global:
// every run gets its own tree, flags and Factory.
func NewRootCmd(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "hookctl",
		Short: "Manage webhooks on Trello, SupportBee and Entrust IDaaS",
		Long: `hookctl manages webhooks on several SaaS backends with one set of commands.
A profile chooses the backend dialect (trello, supportbee, entrust) and its
credentials. With no config file, the built-in sandbox profile is used, so
every command can be tried without an account.`,
		Example: `  hookctl create --url https://example.com/hook --model 4d5ea62fd76aa1136000000c
  hookctl list
  hookctl get ID url
  hookctl list -q | hookctl delete - --yes`,
		Version:       versionInfo(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	// Anything that fails before a command starts (an unknown command, a
	// bad flag, wrong arguments) is a usage error: Run checks f.started.
	root.PersistentPreRun = func(cmd *cobra.Command, _ []string) {
		f.started = true
		if f.watchInterrupt != nil && wantsInterruptWatch(f, cmd) {
			f.watchInterrupt()
		}
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	root.CompletionOptions.HiddenDefaultCmd = true

	o := f.Opts
	pf := root.PersistentFlags()
	pf.StringVarP(&o.Profile, "profile", "p", "", "profile to use (default: $HOOKCTL_PROFILE, then profile: in the config)")
	pf.StringVarP(&o.Output, "output", "o", "", "output format: table, tsv, json, jsonl, yaml, csv (default: table on a terminal, tsv in a pipe)")
	pf.StringVar(&o.JQ, "jq", "", "filter JSON output with a jq expression")
	pf.StringVar(&o.Template, "template", "", "format JSON output with a Go template")
	pf.BoolVar(&o.Raw, "raw", false, "print the backend's own JSON instead of the common model")
	pf.BoolVar(&o.Debug, "debug", false, "log each HTTP request to stderr, credentials redacted")
	pf.DurationVar(&o.Timeout, "timeout", 0, "per-request timeout (default 30s)")
	pf.BoolVar(&o.NoInput, "no-input", false, "never prompt; fail instead when a value is missing")
	pf.StringVar(&o.ConfigPath, "config", "", "config file (default: $HOOKCTL_CONFIG, then $XDG_CONFIG_HOME/hookctl/config.yaml)")

	root.AddGroup(&cobra.Group{ID: "webhooks", Title: "Webhook commands:"},
		&cobra.Group{ID: "more", Title: "More commands:"})
	for _, c := range []*cobra.Command{
		newCmdList(f, nil), newCmdGet(f, nil), newCmdCreate(f, nil), newCmdUpdate(f, nil),
		newCmdSetField(f, nil), newCmdDelete(f, nil), newCmdTest(f, nil),
	} {
		c.GroupID = "webhooks"
		root.AddCommand(c)
	}
	for _, c := range moreCommands(f) {
		c.GroupID = "more"
		root.AddCommand(c)
	}
	if f.completing {
		// Only a TAB uses these; wiring them walks every flag of every command.
		registerCompletions(f, root)
	}
	return root
}

// noArgs, exactArgs and rangeArgs are cobra's validators with their errors
// marked as usage errors (exit 2).
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return &usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), strings.Join(args, " "))}
	}
	return nil
}

func exactArgs(n int, names string) cobra.PositionalArgs {
	return rangeArgs(n, n, names)
}

func rangeArgs(lo, hi int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < lo || len(args) > hi {
			return &usageError{fmt.Errorf("usage: %s %s", cmd.CommandPath(), names)}
		}
		return nil
	}
}
