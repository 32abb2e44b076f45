package sandbox

import "testing"

func TestIsLoopbackURL(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://127.0.0.1:8080/x": true, "https://127.1.2.3/": true, "http://[::1]:9/": true,
		"http://localhost/": true, "http://LOCALHOST:80/": true,
		"http://localhost.:80/": false, "http://a.localhost/": false,
		"http://example.com/": false, "http://10.0.0.1/": false, "http://[::2]/": false,
		"ftp://127.0.0.1/": false, "not a url": false, "http://localhost.example.com/": false,
	} {
		if got := IsLoopbackURL(raw); got != want {
			t.Errorf("IsLoopbackURL(%q) = %v, want %v", raw, got, want)
		}
	}
}
