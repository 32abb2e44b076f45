package signature

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	sfv "github.com/dunglas/httpsfv"
)

// RFC9421Label is the signature label used when signing ("sig", as Entrust
// does).
const RFC9421Label = "sig"

// RFC9421Alg is the only signature algorithm this package signs and verifies.
const RFC9421Alg = "hmac-sha256"

// Errors returned (wrapped, with details) by RFC9421Verify. Test them with
// errors.Is.
var (
	// ErrMissingSignature: Signature-Input, Signature or Content-Digest is absent.
	ErrMissingSignature = errors.New("signature missing")
	// ErrMalformedSignature: a signature header cannot be parsed, or a
	// covered component is absent from the message.
	ErrMalformedSignature = errors.New("signature malformed")
	// ErrUnsupportedSignature: an algorithm, component or digest this
	// profile does not handle, or a signature that does not cover the body.
	ErrUnsupportedSignature = errors.New("signature unsupported")
	// ErrDigestMismatch: Content-Digest does not match the body.
	ErrDigestMismatch = errors.New("content digest does not match body")
	// ErrSignatureMismatch: the HMAC does not match the signature base.
	ErrSignatureMismatch = errors.New("signature does not match")
)

// signedComponents are the components RFC9421Sign covers, in order.
var signedComponents = []string{"@method", "@target-uri", "content-digest"}

// RFC9421Sign signs a request the way Entrust IDaaS does: it sets
// Content-Digest (RFC 9530, sha-256 of body), Signature-Input
// (sig=("@method" "@target-uri" "content-digest");created=…;keyid="…";alg="hmac-sha256")
// and Signature (sig=:base64 HMAC-SHA256 of the signature base keyed with
// secret:). targetURI is the absolute request URI (scheme, authority, path
// and query) as the receiver will reconstruct it.
func RFC9421Sign(h http.Header, method, targetURI string, body []byte, keyID, secret string, created time.Time) {
	h.Set("Content-Digest", contentDigestSHA256(body))
	input := sfv.InnerList{Params: sfv.NewParams()}
	for _, c := range signedComponents {
		input.Items = append(input.Items, sfv.NewItem(c))
	}
	input.Params.Add("created", created.Unix())
	input.Params.Add("keyid", keyID)
	input.Params.Add("alg", RFC9421Alg)
	sigParams, err := sfv.Marshal(input)
	if err != nil {
		return // a key id an sf-string cannot hold: sign nothing
	}
	// The base cannot fail here: the three components are always available
	// once Content-Digest is set. A key id with characters an sf-string
	// cannot hold would make the base fail; sign nothing in that case
	// rather than emit a signature no verifier accepts.
	base, err := signatureBase(h, method, targetURI, signedComponents, sigParams)
	if err != nil {
		return
	}
	sig, err := sfv.Marshal(sfv.NewItem(hmacSHA256(secret, base)))
	if err != nil {
		return
	}
	h.Set("Signature-Input", RFC9421Label+"="+sigParams)
	h.Set("Signature", RFC9421Label+"="+sig)
}

// RFC9421Verify checks an RFC 9421 hmac-sha256 signature on a request: the
// Content-Digest header must match body (sha-256 and/or sha-512, RFC 9530),
// the signature labelled "sig" (or the only one present) must cover
// "content-digest", and its HMAC over the reconstructed signature base must
// match. Supported components: @method, @target-uri, @authority, @scheme,
// @path, @query, @request-target and plain header fields. The created and
// expires parameters are not compared with a clock; callers wanting
// freshness check them separately. Errors wrap the Err* values above.
func RFC9421Verify(h http.Header, method, targetURI string, body []byte, secret string) error {
	rawInput := strings.Join(h.Values("Signature-Input"), ", ")
	rawSig := strings.Join(h.Values("Signature"), ", ")
	switch {
	case rawInput == "":
		return fmt.Errorf("%w: no Signature-Input header", ErrMissingSignature)
	case rawSig == "":
		return fmt.Errorf("%w: no Signature header", ErrMissingSignature)
	}
	inputs, err := sfv.UnmarshalDictionary(h.Values("Signature-Input"))
	if err != nil {
		return fmt.Errorf("%w: Signature-Input: %v", ErrMalformedSignature, err)
	}
	sigs, err := sfv.UnmarshalDictionary(h.Values("Signature"))
	if err != nil {
		return fmt.Errorf("%w: Signature: %v", ErrMalformedSignature, err)
	}
	label, ok := pickLabel(inputs)
	if !ok {
		return fmt.Errorf("%w: no signature labelled %q in Signature-Input", ErrMissingSignature, RFC9421Label)
	}
	m, _ := inputs.Get(label)
	input, isList := m.(sfv.InnerList)
	if !isList {
		return fmt.Errorf("%w: Signature-Input member %q is not an inner list", ErrMalformedSignature, label)
	}
	sm, ok := sigs.Get(label)
	if !ok {
		return fmt.Errorf("%w: no Signature member %q", ErrMissingSignature, label)
	}
	sigItem, isItem := sm.(sfv.Item)
	sigValue, isBytes := sigItem.Value.([]byte)
	if !isItem || !isBytes {
		return fmt.Errorf("%w: Signature member %q is not a byte sequence", ErrMalformedSignature, label)
	}
	if alg, ok := input.Params.Get("alg"); ok {
		if s, _ := alg.(string); s != RFC9421Alg {
			return fmt.Errorf("%w: algorithm %v (only %s)", ErrUnsupportedSignature, alg, RFC9421Alg)
		}
	}
	components := make([]string, 0, len(input.Items))
	covered := false
	for _, it := range input.Items {
		name, ok := it.Value.(string)
		if !ok {
			return fmt.Errorf("%w: component identifiers must be strings", ErrMalformedSignature)
		}
		// Component parameters (;sf, ;req, ...) are outside what this
		// package implements.
		if len(it.Params.Names()) > 0 {
			return fmt.Errorf("%w: component %q has parameters", ErrUnsupportedSignature, name)
		}
		components = append(components, name)
		covered = covered || name == "content-digest"
	}
	if !covered {
		return fmt.Errorf("%w: signature does not cover content-digest, so the body is not signed", ErrUnsupportedSignature)
	}
	if err := verifyContentDigest(h, body); err != nil {
		return err
	}
	sigParams, err := sfv.Marshal(input)
	if err != nil {
		return fmt.Errorf("%w: Signature-Input: %v", ErrMalformedSignature, err)
	}
	base, err := signatureBase(h, method, targetURI, components, sigParams)
	if err != nil {
		return err
	}
	if !hmac.Equal(hmacSHA256(secret, base), sigValue) {
		return fmt.Errorf("%w (label %q)", ErrSignatureMismatch, label)
	}
	return nil
}

// pickLabel returns the label of the Signature-Input member labelled
// "sig", or of the only member when there is exactly one.
func pickLabel(inputs *sfv.Dictionary) (string, bool) {
	names := inputs.Names()
	for _, n := range names {
		if n == RFC9421Label {
			return n, true
		}
	}
	if len(names) == 1 {
		return names[0], true
	}
	return "", false
}

// signatureBase builds the RFC 9421 §2.5 signature base: one line per covered
// component and the "@signature-params" line, joined by LF.
func signatureBase(h http.Header, method, targetURI string, components []string, sigParams string) ([]byte, error) {
	var b strings.Builder
	seen := make(map[string]bool, len(components))
	var u *url.URL
	for _, name := range components {
		if seen[name] {
			return nil, fmt.Errorf("%w: component %q covered twice", ErrMalformedSignature, name)
		}
		seen[name] = true
		var value string
		if strings.HasPrefix(name, "@") {
			if name != "@method" && name != "@target-uri" && u == nil {
				var err error
				if u, err = url.Parse(targetURI); err != nil || u.Host == "" {
					return nil, fmt.Errorf("%w: target URI %q is not absolute", ErrMalformedSignature, targetURI)
				}
			}
			switch name {
			case "@method":
				value = method
			case "@target-uri":
				value = targetURI
			case "@authority":
				value = authority(u)
			case "@scheme":
				value = strings.ToLower(u.Scheme)
			case "@path":
				value = u.EscapedPath()
				if value == "" {
					value = "/"
				}
			case "@query":
				value = "?" + u.RawQuery
			case "@request-target":
				value = u.RequestURI()
			default:
				return nil, fmt.Errorf("%w: component %q", ErrUnsupportedSignature, name)
			}
		} else {
			if name != strings.ToLower(name) {
				return nil, fmt.Errorf("%w: component %q is not lower case", ErrMalformedSignature, name)
			}
			vals := h.Values(name)
			if len(vals) == 0 {
				return nil, fmt.Errorf("%w: covered header %q is absent", ErrMalformedSignature, name)
			}
			for i := range vals {
				vals[i] = strings.TrimSpace(vals[i])
			}
			value = strings.Join(vals, ", ")
		}
		if strings.ContainsAny(value, "\r\n") || strings.ContainsAny(sigParams, "\r\n") {
			return nil, fmt.Errorf("%w: component %q holds a line break", ErrMalformedSignature, name)
		}
		quoted, err := sfv.Marshal(sfv.NewItem(name))
		if err != nil {
			return nil, fmt.Errorf("%w: component %q", ErrMalformedSignature, name)
		}
		b.WriteString(quoted)
		b.WriteString(": ")
		b.WriteString(value)
		b.WriteByte('\n')
	}
	b.WriteString(`"@signature-params": `)
	b.WriteString(sigParams)
	return []byte(b.String()), nil
}

// authority returns the lower-cased host[:port] of u, without the scheme's
// default port (RFC 9421 §2.2.3).
func authority(u *url.URL) string {
	host := strings.ToLower(u.Host)
	port := u.Port()
	if (port == "80" && strings.EqualFold(u.Scheme, "http")) || (port == "443" && strings.EqualFold(u.Scheme, "https")) {
		host = strings.TrimSuffix(host, ":"+port)
	}
	return host
}

func hmacSHA256(secret string, data []byte) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(data)
	return mac.Sum(nil)
}

// contentDigestSHA256 returns the RFC 9530 Content-Digest value for body.
func contentDigestSHA256(body []byte) string {
	sum := sha256.Sum256(body)
	return "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":"
}

// verifyContentDigest checks every sha-256 and sha-512 member of the
// Content-Digest header against body; at least one must be present.
func verifyContentDigest(h http.Header, body []byte) error {
	raw := strings.Join(h.Values("Content-Digest"), ", ")
	if raw == "" {
		return fmt.Errorf("%w: no Content-Digest header", ErrMissingSignature)
	}
	members, err := sfv.UnmarshalDictionary(h.Values("Content-Digest"))
	if err != nil {
		return fmt.Errorf("%w: Content-Digest: %v", ErrMalformedSignature, err)
	}
	checked := 0
	for _, name := range members.Names() {
		var want []byte
		switch name {
		case "sha-256":
			s := sha256.Sum256(body)
			want = s[:]
		case "sha-512":
			s := sha512.Sum512(body)
			want = s[:]
		default:
			continue
		}
		m, _ := members.Get(name)
		it, isItem := m.(sfv.Item)
		got, ok := it.Value.([]byte)
		if !isItem || !ok {
			return fmt.Errorf("%w: Content-Digest %s is not a byte sequence", ErrMalformedSignature, name)
		}
		if !hmac.Equal(want, got) {
			return fmt.Errorf("%w (%s)", ErrDigestMismatch, name)
		}
		checked++
	}
	if checked == 0 {
		return fmt.Errorf("%w: Content-Digest has neither sha-256 nor sha-512", ErrUnsupportedSignature)
	}
	return nil
}

// RFC9421Freshness checks the time parameters of the signature
// RFC9421Verify checks: created must be within StandardTolerance of now
// (neither older nor in the future) and expires, when present, not more
// than StandardTolerance past. It returns the signature's nonce ("" when it
// has none), so a receiver can spot a replay. Errors wrap ErrExpired,
// ErrMissingSignature or ErrMalformedSignature.
func RFC9421Freshness(h http.Header, now time.Time) (nonce string, err error) {
	inputs, err := sfv.UnmarshalDictionary(h.Values("Signature-Input"))
	if err != nil {
		return "", fmt.Errorf("%w: Signature-Input: %v", ErrMalformedSignature, err)
	}
	label, ok := pickLabel(inputs)
	if !ok {
		return "", fmt.Errorf("%w: no signature labelled %q in Signature-Input", ErrMissingSignature, RFC9421Label)
	}
	m, _ := inputs.Get(label)
	input, isList := m.(sfv.InnerList)
	if !isList {
		return "", fmt.Errorf("%w: Signature-Input member %q is not an inner list", ErrMalformedSignature, label)
	}
	var created, expires time.Time
	for _, p := range []struct {
		name string
		to   *time.Time
	}{{"created", &created}, {"expires", &expires}} {
		v, ok := input.Params.Get(p.name)
		if !ok {
			continue
		}
		n, isInt := v.(int64)
		if !isInt {
			return "", fmt.Errorf("%w: %s is not an integer", ErrMalformedSignature, p.name)
		}
		*p.to = time.Unix(n, 0)
	}
	if v, ok := input.Params.Get("nonce"); ok {
		nonce, _ = v.(string)
	}
	return nonce, checkWindow(created, expires, now)
}

// TargetURI is the absolute request URI a receiver reconstructs for a
// delivery to raw (RFC 9421 "@target-uri"): an empty path becomes "/".
func TargetURI(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Scheme + "://" + u.Host + u.RequestURI()
}
