package cli

import "github.com/spf13/cobra"

// registerCompletions wires dynamic completion into the tree.
func registerCompletions(f *Factory, root *cobra.Command) {}
