package httpx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/url"
	"regexp"
	"strings"
	"syscall"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// NetworkReason says in plain words why a request got no answer: the one
// wording of a network failure for the API client, listen's forwarding,
// replay and trigger, and the sandbox's deliveries. It never shows Go's
// words ("dial tcp", "lookup … on 10.0.0.53:53"): a name that does not
// resolve is "cannot resolve HOST", without the resolver's address.
func NetworkReason(err error) string {
	var dns *net.DNSError
	var op *net.OpError
	var ne net.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.As(err, &op) && op.Op == "proxyconnect":
		var inner *net.OpError
		if errors.As(op.Err, &inner) || errors.As(op.Err, &dns) || errors.Is(op.Err, syscall.ECONNREFUSED) {
			return "could not reach the proxy: " + NetworkReason(op.Err)
		}
		return "the proxy refused the connection: " + op.Err.Error()
	case errors.As(err, &dns):
		if dns.IsTimeout {
			return "cannot resolve " + dns.Name + " (no answer from the DNS server)"
		}
		return "cannot resolve " + dns.Name
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return "no answer (timed out)"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "could not connect: connection refused"
	case errors.Is(err, syscall.EHOSTUNREACH):
		return "could not connect: host unreachable"
	case errors.Is(err, syscall.ENETUNREACH):
		return "could not connect: network unreachable"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "the connection closed before a complete answer"
	case errors.As(err, &op) && op.Op == "dial":
		return "could not connect: " + plainSyscallText(op.Err)
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err.Error()
	}
	return err.Error()
}

// IsConnectFailure reports an error of opening the connection (nothing
// listens, no route, a name that does not resolve): the request was
// certainly not sent.
func IsConnectFailure(err error) bool {
	var dns *net.DNSError
	var op *net.OpError
	return errors.As(err, &dns) || errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect")
}

// plainSyscallText is an error of the system without Go's prefixes
// ("connect: ", "socket: ").
func plainSyscallText(err error) string {
	s := err.Error()
	for _, p := range []string{"connect: ", "socket: ", "dial: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// htmlTitle finds an HTML page's title, else its first heading.
var htmlTitle = []*regexp.Regexp{
	regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`),
	regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`),
}

// htmlTag is any markup tag, dropped from a title.
var htmlTag = regexp.MustCompile(`(?s)<[^>]*>`)

// isHTML reports whether a body is an HTML page (a proxy's or a login
// page), by its start.
func isHTML(body []byte) bool {
	s := strings.ToLower(strings.TrimSpace(string(body[:min(len(body), 512)])))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<title", "<h1", "<!--", "<p>", "<center>"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// htmlPage describes an HTML body in words, never its markup: "an HTML
// page" and its title when it has one.
func htmlPage(body []byte) string {
	for _, re := range htmlTitle {
		m := re.FindSubmatch(body)
		if m == nil {
			continue
		}
		text := html.UnescapeString(htmlTag.ReplaceAllString(string(m[1]), " "))
		if t := webhook.OneLine(text, 80); t != "" {
			return fmt.Sprintf("an HTML page titled %q", t)
		}
	}
	// No title: a short page is quoted as text, without its markup.
	if !bytes.Contains(bytes.ToLower(body), []byte("<script")) && !bytes.Contains(bytes.ToLower(body), []byte("<style")) {
		text := webhook.OneLine(html.UnescapeString(htmlTag.ReplaceAllString(string(body), " ")), 0)
		if text != "" && len(text) <= 80 {
			return fmt.Sprintf("an HTML page saying %q", text)
		}
	}
	return "an HTML page"
}
