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
// does, and talk to Trello's API with any HTTP client.
func Example() {
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		panic(err)
	}
	defer sb.Close()
	srv := httptest.NewServer(sb)
	defer srv.Close()

	api := sandbox.BaseURL(srv.URL, sandbox.Trello) + "/tokens/" + sandbox.TrelloToken + "/webhooks?key=" + sandbox.TrelloKey + "&token=" + sandbox.TrelloToken
	resp, err := http.Get(api)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status, strings.TrimSpace(string(body)))
	// Output:
	// 200 OK []
}
