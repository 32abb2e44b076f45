package sandbox_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/hookctl/hookctl/pkg/sandbox"
)

// Serve the emulators over HTTP on a loopback port, as `hookctl sandbox`
// does, and talk to SupportBee's API with any HTTP client.
func Example() {
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		panic(err)
	}
	defer sb.Close()
	srv := httptest.NewServer(sb)
	defer srv.Close()

	api := sandbox.BaseURL(srv.URL, sandbox.SupportBee) + "/web_hooks.json?auth_token=" + sandbox.SupportBeeToken
	resp, err := http.Post(api, "application/json", strings.NewReader(`{"web_hook":{"url":"https://example.com/desk"}}`))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)

	resp, err = http.Get(api)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(strings.Contains(string(body), `"url":"https://example.com/desk"`))
	// Output:
	// 201 Created
	// true
}
