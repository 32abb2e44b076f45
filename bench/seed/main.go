// Command seed writes a `hookctl sandbox --state` file holding N Trello
// webhooks of the sandbox token, so bench/run.sh can serve a large list
// from the sandbox without creating each webhook through the API; with
// -stripe, N Stripe webhook endpoints instead (bench/stripe.sh), beyond the
// 16 the API allows.
//
//	go run ./bench/seed -n 10000 -o state.json [-stripe]
//
// The file follows the sandbox's state format (version 1); the owner of a
// Trello webhook is the hash of its token, as pkg/sandbox/trello's ownerOf
// computes it.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
)

// hook is a stored Trello webhook (pkg/sandbox/trello's trelloHook).
type hook struct {
	ID                       string  `json:"id"`
	Description              string  `json:"description"`
	IDModel                  string  `json:"idModel"`
	CallbackURL              string  `json:"callbackURL"`
	Active                   bool    `json:"active"`
	ConsecutiveFailures      int     `json:"consecutiveFailures"`
	FirstConsecutiveFailDate *string `json:"firstConsecutiveFailDate"`
	Owner                    string  `json:"owner"`
}

type state struct {
	Version int `json:"version"`
	Trello  struct {
		Webhooks []hook `json:"webhooks"`
	} `json:"trello"`
	SupportBee struct {
		Webhooks []any `json:"webhooks"`
	} `json:"supportbee"`
	Entrust struct {
		Webhooks []any `json:"webhooks"`
	} `json:"entrust"`
}

func main() {
	n := flag.Int("n", 10000, "number of webhooks")
	out := flag.String("o", "", "state file to write")
	token := flag.String("token", "sandbox-token", "Trello token that owns them")
	stripe := flag.Bool("stripe", false, "Stripe webhook endpoints instead of Trello webhooks")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: seed -n N -o FILE [-stripe]")
		os.Exit(2)
	}
	if *stripe {
		write(*out, stripeState(*n))
		return
	}
	sum := sha256.Sum256([]byte("hookctl-sandbox-owner\x00" + *token))
	owner := hex.EncodeToString(sum[:16])
	var s state
	s.Version = 1
	s.Trello.Webhooks = make([]hook, *n)
	s.SupportBee.Webhooks = []any{}
	s.Entrust.Webhooks = []any{}
	for i := range s.Trello.Webhooks {
		id := fmt.Sprintf("%012x%012x", 0x5f1a00000000+i, i)
		s.Trello.Webhooks[i] = hook{
			ID:                  id,
			Description:         fmt.Sprintf("Webhook number %d for the board", i),
			IDModel:             "4d5ea62fd76aa1136000000c",
			CallbackURL:         "https://hooks.example.com/trello/" + id,
			Active:              i%3 != 0,
			ConsecutiveFailures: i % 7,
			Owner:               owner,
		}
	}
	write(*out, &s)
}

// stripeState is the state of the sandbox's generic emulator serving
// stripe.yaml: n endpoints as Stripe shows them.
func stripeState(n int) any {
	hooks := make([]map[string]any, n)
	for i := range hooks {
		status := "enabled"
		if i%3 == 0 {
			status = "disabled"
		}
		hooks[i] = map[string]any{
			"id": fmt.Sprintf("we_%024d", i), "object": "webhook_endpoint", "api_version": nil, "application": nil,
			"created": 1700000000 + i, "description": fmt.Sprintf("Endpoint number %d of the shop", i),
			"enabled_events": []string{"charge.succeeded", "invoice.paid"}, "livemode": false,
			"metadata": map[string]string{}, "status": status, "url": fmt.Sprintf("https://hooks.example.com/stripe/%d", i),
		}
	}
	return map[string]any{"version": 1, "stripe": map[string]any{"hooks": hooks}}
}

// write writes the state file, mode 0600.
func write(out string, s any) {
	f, err := os.OpenFile(out, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(f)
	if err := json.NewEncoder(w).Encode(s); err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil || f.Close() != nil {
		fmt.Fprintln(os.Stderr, "seed: write failed")
		os.Exit(1)
	}
}
