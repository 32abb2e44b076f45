package dialect_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Open any dialect by name with the profile values its descriptor lists,
// here SupportBee's emulator served over HTTP on a loopback port. The
// zero Clients give the default HTTP client, with hookctl's retry policy.
func ExampleOpen() {
	ctx := context.Background()
	sb, err := sandbox.New(sandbox.Options{Emulators: dialect.Emulators()})
	if err != nil {
		panic(err)
	}
	defer sb.Close()
	srv := httptest.NewServer(sb)
	defer srv.Close()

	d, _ := dialect.Lookup("supportbee")
	b, err := dialect.Open("supportbee", d.SandboxValues(srv.URL), dialect.Clients{})
	if err != nil {
		panic(err)
	}
	u := "https://example.com/helpdesk"
	w, err := b.Create(ctx, webhook.Changes{URL: &u})
	if err != nil {
		panic(err)
	}
	ws, _ := b.List(ctx)
	fmt.Println(len(ws), ws[0].URL)
	fmt.Println(b.Delete(ctx, w.ID))
	// Output:
	// 1 https://example.com/helpdesk
	// <nil>
}

// Every dialect's descriptor says what a profile of it needs.
func ExampleLookup() {
	d, err := dialect.Lookup("entrust")
	if err != nil {
		panic(err)
	}
	for _, k := range d.Keys {
		fmt.Println(k.Name, k.Required, k.Secret)
	}
	// Output:
	// base-url true false
	// application-id true false
	// shared-secret true true
}
