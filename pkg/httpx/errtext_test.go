package httpx

import (
	"context"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
)

func TestErrorText(t *testing.T) {
	vendor := func(body []byte) string {
		if string(body) == `{"e":"known"}` {
			return "known"
		}
		return ""
	}
	for _, c := range []struct {
		status int
		body   string
		want   string
	}{
		{502, "", "Bad Gateway"},
		{502, " \n\t", "Bad Gateway"},
		{400, `{"e":"known"}`, "known"},
		{400, `{"other":"shape"}`, `unexpected answer: {"other":"shape"}`},
		{500, "<html>\n<h1>boom</h1></html>", `the server answered 500 Internal Server Error with an HTML page titled "boom", not the API's own answer (a proxy or a login page in the way?)`},
		{502, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
			`the server answered 502 Bad Gateway with an HTML page titled "502 Bad Gateway", not the API's own answer (a proxy or a login page in the way?)`},
		{500, "<svg onload=x>", `unexpected answer: <svg onload=x>`},
		{503, `["a"]`, `unexpected answer: ["a"]`},
		{503, "  upstream timed out  ", "upstream timed out"},
	} {
		if got := (&Response{Status: c.status, Body: []byte(c.body)}).ErrorText(vendor); got != c.want {
			t.Errorf("%d %q: got %q, want %q", c.status, c.body, got, c.want)
		}
	}
}

func TestNetworkReasonInPlainWords(t *testing.T) {
	dns := &net.DNSError{Err: "no such host", Name: "acme.us.trustedauth.com", Server: "10.255.255.53:53", IsNotFound: true}
	for _, c := range []struct {
		err  error
		want string
	}{
		{&url.Error{Op: "Get", URL: "https://acme.us.trustedauth.com/x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: dns}}, "cannot resolve acme.us.trustedauth.com"},
		{&net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}, "could not connect: connection refused"},
		{io.ErrUnexpectedEOF, "the connection closed before a complete answer"},
		{context.Canceled, "cancelled"},
	} {
		got := NetworkReason(c.err)
		if got != c.want {
			t.Errorf("NetworkReason(%v) = %q, want %q", c.err, got, c.want)
		}
		if strings.Contains(got, "10.255.255.53") || strings.Contains(got, "dial tcp") || strings.Contains(got, "lookup") {
			t.Errorf("Go's words in %q", got)
		}
	}
}
