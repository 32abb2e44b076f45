package sandbox_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/sandbox/trello"
)

// Serve an emulator over HTTP on a loopback port, as `hookctl sandbox`
// does (which serves every dialect's: dialect.Emulators()), and talk to
// its API with any HTTP client.
func Example() {
	sb, err := sandbox.New(sandbox.Options{Emulators: []sandbox.Emulator{trello.Emulator{}}})
	if err != nil {
		panic(err)
	}
	defer sb.Close()
	srv := httptest.NewServer(sb)
	defer srv.Close()

	api := srv.URL + trello.Emulator{}.Prefix()
	auth := "?key=" + trello.Key + "&token=" + trello.Token
	resp, err := http.Post(api+"/webhooks"+auth, "application/json",
		strings.NewReader(`{"callbackURL":"https://example.com/board","idModel":"5abbe4b7ddc1b351ef961415"}`))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)

	resp, err = http.Get(api + "/tokens/" + trello.Token + "/webhooks" + auth)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(strings.Contains(string(body), `"callbackURL":"https://example.com/board"`))
	// Output:
	// 200 OK
	// true
}
