package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Groups of root's commands in help.
const (
	groupWebhooks = "webhooks"
	groupMore     = "more"
)

// subcommand is one of root's commands: its help group and its builder.
type subcommand struct {
	group string
	build func(*Factory) *cobra.Command
}

// subcommands are root's commands, in the order help lists them.
var subcommands = []subcommand{
	{groupWebhooks, newCmdList},
	{groupWebhooks, newCmdGet},
	{groupWebhooks, newCmdCreate},
	{groupWebhooks, newCmdUpdate},
	{groupWebhooks, newCmdSetField},
	{groupWebhooks, newCmdDelete},
	{groupWebhooks, newCmdTest},
	{groupMore, newCmdListen},
	{groupMore, newCmdTrigger},
	{groupMore, newCmdReplay},
	{groupMore, newCmdDeliveries},
	{groupMore, newCmdExport},
	{groupMore, newCmdApply},
	{groupMore, newCmdDiff},
	{groupMore, newCmdSandbox},
	{groupMore, newCmdProfile},
	{groupMore, newCmdVendor},
	{groupMore, newCmdCompletion},
	{groupMore, newCmdVersion},
}

// NewRootCmd builds the whole command tree. Nothing here is global: every
// run gets its own tree, flags and Factory.
func NewRootCmd(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "hookctl",
		Short: later("root-short", func() string { return "Manage webhooks on " + dialectTitles() }),
		Long: later("root-long", func() string {
			return paragraph("hookctl manages webhooks on several SaaS backends with one set of commands. " +
				"A profile chooses the backend dialect (" + dialectNameList() + ") and its credentials. " +
				"With no config file, the built-in sandbox profile is used, so every command can be tried without an account.")
		}),
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
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if err := f.checkVendorFiles(); err != nil {
			return &usageError{err}
		}
		if !f.completing {
			// The output flags are checked against what cmd prints before
			// anything runs; a refusal is a usage error (f.started unset).
			out, err := resolveOutput(f, cmd)
			if err != nil {
				return err
			}
			f.out = out
		}
		f.started = true
		return nil
	}
	root.SetFlagErrorFunc(flagError)
	root.CompletionOptions.HiddenDefaultCmd = true

	o := f.Opts
	pf := root.PersistentFlags()
	pf.StringVarP(&o.Profile, "profile", "p", "", "profile to use (default: $HOOKCTL_PROFILE, then profile: in the config)")
	pf.StringVarP(&o.Output, "output", "o", "", "output format: table, tsv, json, jsonl, yaml, csv (default: table on a terminal, tsv in a pipe)")
	pf.StringVar(&o.JQ, "jq", "", "filter JSON output with a jq expression (implies -o json)")
	pf.StringVar(&o.Template, "template", "", "format JSON output with a Go template (implies -o json)")
	pf.BoolVar(&o.Raw, "raw", false, "print the backend's own JSON instead of the common model (implies -o json)")
	pf.BoolVarP(&o.Verbose, "verbose", "v", false, "say on stderr which profile is used and every retry and wait")
	pf.BoolVar(&o.Debug, "debug", false, "log each HTTP request to stderr, credentials redacted (implies --verbose)")
	pf.DurationVar(&o.Timeout, "timeout", 0, "per-request timeout (default 30s); retries stop after 2m of waiting, or this, if longer")
	pf.BoolVar(&o.NoInput, "no-input", false, "never prompt; fail instead when a value is missing")
	o.KeyFlags = map[string]*string{}
	for _, k := range keyFlags() {
		o.KeyFlags[k.Name] = pf.StringP(k.Flag, k.Short, "", "the "+keyNoun(k.Name)+" whose hooks to manage, for this run ("+strings.Join(dialectsWithKeyFlag(k.Name), ", ")+")")
	}
	pf.StringArrayVar(&o.VendorFiles, "vendor-file", nil, "read a vendor file (a REST webhook API described in YAML) for this run, beside those in $XDG_CONFIG_HOME/hookctl/vendors/")
	pf.StringVar(&o.ConfigPath, "config", "", "config file (default: $HOOKCTL_CONFIG, then $XDG_CONFIG_HOME/hookctl/config.yaml)")

	root.AddGroup(&cobra.Group{ID: groupWebhooks, Title: "Webhook commands:"},
		&cobra.Group{ID: groupMore, Title: "More commands:"})
	root.SetHelpCommandGroupID(groupMore)
	for _, s := range subcommands {
		c := s.build(f)
		c.GroupID = s.group
		root.AddCommand(c)
	}
	strictHelp(root)
	wrapHelp(root, f.IO.Width())
	help := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		f.useVendorFiles()
		resolveHelp(c)
		help(c, args)
	})
	if f.completing {
		if n := len(f.completionArgs); n > 0 && strings.HasPrefix(f.completionArgs[n-1], "-") {
			// A flag's TAB shows the flags' descriptions.
			f.useVendorFiles()
			resolveHelp(root)
		}
		// Only a TAB uses these; wiring them walks every flag of every command.
		registerCompletions(f, root)
	}
	return root
}

// strictHelp makes `hookctl help TOPIC` a usage error, like an unknown
// command, when there is no such topic: cobra's own help command prints the
// usage and exits 0. Its completion of topics stays.
func strictHelp(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	help, _, err := root.Find([]string{"help"})
	if err != nil || help == root || help.Run == nil {
		return
	}
	help.Annotations = prints(outNone)
	show := help.Run
	help.Run = nil
	help.RunE = func(c *cobra.Command, args []string) error {
		if topic, _, err := root.Find(args); topic == nil || err != nil {
			err := fmt.Errorf("unknown help topic %q", strings.Join(args, " "))
			if u := unknownCommand(root, args[0]); len(args) == 1 {
				h := strings.ReplaceAll(hintOf(u), "`hookctl ", "`hookctl help ")
				err = withHint(err, strings.Replace(h, "`hookctl help --help` lists its commands", "`hookctl help` lists the topics", 1))
			}
			return &usageError{err}
		}
		show(c, args)
		return nil
	}
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
