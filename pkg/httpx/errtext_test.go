package httpx

import "testing"

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
		{500, "<html>\n<h1>boom</h1></html>", "unexpected answer: <html> <h1>boom</h1></html>"},
		{503, `["a"]`, `unexpected answer: ["a"]`},
		{503, "  upstream timed out  ", "upstream timed out"},
	} {
		if got := (&Response{Status: c.status, Body: []byte(c.body)}).ErrorText(vendor); got != c.want {
			t.Errorf("%d %q: got %q, want %q", c.status, c.body, got, c.want)
		}
	}
}
