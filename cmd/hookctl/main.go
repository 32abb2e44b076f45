// Command hookctl manages webhooks on SaaS backends (Trello, GitHub,
// Stripe, GitLab and more, or any described in a vendor file): list,
// create, update and delete them, receive and replay their deliveries.
package main

import (
	"os"

	"github.com/hookctl/hookctl/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
