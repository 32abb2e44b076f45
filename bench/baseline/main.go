// Command baseline is the start-up floor hookctl is measured against: a
// program that links the same four libraries (cobra, viper, tablewriter,
// survey), builds one cobra command and does nothing else. bench/run.sh
// builds it with the same flags as hookctl and times both side by side.
package main

import (
	"os"

	"github.com/AlecAivazis/survey/v2"
	"github.com/olekukonko/tablewriter"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"
)

// Each library is used once, so the linker keeps it and its package inits
// run, as they do in hookctl.
var (
	_ = viper.New
	_ = tablewriter.NewTable
	_ = survey.AskOne
)

func main() {
	root := &cobra.Command{
		Use:           "baseline",
		Version:       "0.0.0",
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE:          func(*cobra.Command, []string) error { return nil },
	}
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
