// Command hookctl manages webhooks on Trello, SupportBee and Entrust IDaaS.
package main

import (
	"os"

	"github.com/hookctl/hookctl/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
