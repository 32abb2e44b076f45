package webhook

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestIsLoopbackHostOnlyLiteralNames(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost": true, "127.0.0.1": true, "127.9.8.7": true, "::1": true, "::1%lo": true,
		"::ffff:127.0.0.1": true,
		// Names a resolver may send to DNS, which can answer anything.
		"localhost.": false, "LOCALHOST.": false, "a.localhost": false, "localhost.example.com": false,
		"127.0.0.1.nip.io": false, "10.0.0.1": false, "::2": false, "": false, "0.0.0.0": false,
	} {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestLoopbackOnlyRefusesOtherAddresses(t *testing.T) {
	for addr, ok := range map[string]bool{"127.0.0.1:80": true, "[::1]:80": true, "10.0.0.1:80": false, "93.184.216.34:80": false, "[2001:db8::1]:443": false} {
		if err := loopbackOnly(addr); (err == nil) != ok {
			t.Errorf("loopbackOnly(%s) = %v", addr, err)
		}
	}
	if !errors.Is(loopbackOnly("10.0.0.1:80"), ErrNotLoopback) {
		t.Error("not ErrNotLoopback")
	}
}

func TestDialLoopbackReachesLocalhost(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		if c, err := ln.Accept(); err == nil {
			c.Close()
		}
	}()
	dial := DialLoopback(&net.Dialer{Timeout: 2 * time.Second})
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	c, err := dial(context.Background(), "tcp4", "localhost:"+port)
	if err != nil {
		t.Fatalf("dial localhost: %v", err)
	}
	c.Close()
}

func TestCheckPortAndValidateURL(t *testing.T) {
	s := &Schema{Dialect: "trello"}
	for raw, ok := range map[string]bool{
		"https://example.com/h": true, "https://example.com:443/h": true, "https://example.com:65535/": true,
		"http://127.0.0.1:8080/": true, "https://example.com:/h": true,
		"https://example.com:99999/h": false, "https://example.com:0/h": false, "https://example.com:65536/": false,
		"https://example.com:abc/h": false, "https://example.com:-1/": false,
	} {
		err := s.ValidateURL("--url", raw)
		if (err == nil) != ok {
			t.Errorf("ValidateURL(%q) = %v", raw, err)
		}
		if err != nil && !strings.Contains(err.Error(), "port") {
			t.Errorf("ValidateURL(%q): %v does not name the port", raw, err)
		}
	}
	u, _ := url.Parse("http://h:70000/")
	if CheckPort(u) == nil {
		t.Error("port 70000 accepted")
	}
}

func TestCheckListenAddr(t *testing.T) {
	for addr, ok := range map[string]bool{"127.0.0.1:0": true, "127.0.0.1:8080": true, ":65535": true, "[::1]:9": true,
		"127.0.0.1:99999": false, "127.0.0.1:-1": false, "localhost:http": false, "127.0.0.1": false, "": false} {
		if err := CheckListenAddr(addr); (err == nil) != ok {
			t.Errorf("CheckListenAddr(%q) = %v", addr, err)
		}
	}
}
