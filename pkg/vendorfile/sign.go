package vendorfile

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Verdict is what checking a delivery's signature found.
type Verdict int

// The verdicts of Signing.Verify.
const (
	// Valid: a signature matched, and its timestamp is within tolerance.
	Valid Verdict = iota
	// Missing: the delivery carries no signature header.
	Missing
	// Mismatch: no signature matched (wrong secret, changed body).
	Mismatch
	// Expired: a signature matched but its timestamp is older (or further
	// in the future) than the tolerance.
	Expired
	// Malformed: the header is not in the file's format.
	Malformed
)

// DefaultTolerance is how old a signed timestamp may be when the file
// says nothing.
const DefaultTolerance = 5 * time.Minute

// Delivery is what a signature may cover.
type Delivery struct {
	Body []byte
	// URL is the URL the delivery was sent to (the webhook's URL).
	URL string
	// ID is the delivery's id, for a message that signs {id}.
	ID string
}

func (s *Signing) mac(secret string) hash.Hash {
	if s.Algorithm == "hmac-sha1" {
		return hmac.New(sha1.New, []byte(secret))
	}
	return hmac.New(sha256.New, []byte(secret))
}

func (s *Signing) format() string {
	if s.Format == "" {
		return "{signature}"
	}
	return s.Format
}

func (s *Signing) tolerance() time.Duration {
	if s.Tolerance > 0 {
		return time.Duration(s.Tolerance)
	}
	return DefaultTolerance
}

// Timed reports whether the signature covers a timestamp.
func (s *Signing) Timed() bool { return slices.Contains(Vars(s.Message), "timestamp") }

// compute returns the encoded signature of d at timestamp ts.
func (s *Signing) compute(secret string, d Delivery, ts string) string {
	msg, _ := Expand(s.Message, func(name string) (string, bool) {
		switch name {
		case "body":
			return string(d.Body), true
		case "url":
			return d.URL, true
		case "timestamp":
			return ts, true
		case "id":
			return d.ID, true
		}
		return "", false
	})
	m := s.mac(secret)
	m.Write([]byte(msg))
	sum := m.Sum(nil)
	if s.Encoding == "base64" {
		return base64.StdEncoding.EncodeToString(sum)
	}
	return hex.EncodeToString(sum)
}

// Sign sets the signature headers of d on h, signed at now.
func (s *Signing) Sign(h http.Header, secret string, d Delivery, now time.Time) {
	ts := strconv.FormatInt(now.Unix(), 10)
	sig := s.compute(secret, d, ts)
	v, _ := Expand(s.format(), func(name string) (string, bool) {
		switch name {
		case "signature":
			return sig, true
		case "timestamp":
			return ts, true
		case "id":
			return d.ID, true
		}
		return "", false
	})
	h.Set(s.Header, v)
	if s.TimestampHeader != "" {
		h.Set(s.TimestampHeader, ts)
	}
	if s.IDHeader != "" && d.ID != "" {
		h.Set(s.IDHeader, d.ID)
	}
}

// Signed reports whether h carries the file's signature header.
func (s *Signing) Signed(h http.Header) bool { return h.Get(s.Header) != "" }

// element matches one comma-separated part of the signature header.
type element struct {
	re   *regexp.Regexp
	vars []string
}

func (s *Signing) elements() []element {
	var out []element
	for _, part := range strings.Split(s.format(), ",") {
		part = strings.TrimSpace(part)
		pat := "^"
		rest := part
		var vars []string
		for {
			i := strings.IndexByte(rest, '{')
			j := strings.IndexByte(rest, '}')
			if i < 0 || j < i {
				pat += regexp.QuoteMeta(rest)
				break
			}
			pat += regexp.QuoteMeta(rest[:i])
			name := rest[i+1 : j]
			vars = append(vars, name)
			switch name {
			case "timestamp":
				pat += `([0-9]+|[0-9T:.+Z-]+)`
			default:
				pat += `([^,\s]+)`
			}
			rest = rest[j+1:]
		}
		out = append(out, element{re: regexp.MustCompile(pat + "$"), vars: vars})
	}
	return out
}

// Verify checks the signature headers of a received delivery against
// secret at now. Several signatures (a secret rotation) pass when one
// matches.
func (s *Signing) Verify(h http.Header, secret string, d Delivery, now time.Time) Verdict {
	header := strings.Join(h.Values(s.Header), ",")
	if strings.TrimSpace(header) == "" {
		return Missing
	}
	var sigs []string
	ts := h.Get(s.TimestampHeader)
	if s.IDHeader != "" && d.ID == "" {
		d.ID = h.Get(s.IDHeader)
	}
	elems := s.elements()
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimSpace(part)
		for _, e := range elems {
			m := e.re.FindStringSubmatch(part)
			if m == nil {
				continue
			}
			for i, v := range e.vars {
				switch v {
				case "signature":
					sigs = append(sigs, m[i+1])
				case "timestamp":
					ts = m[i+1]
				case "id":
					if d.ID == "" {
						d.ID = m[i+1]
					}
				}
			}
			break
		}
	}
	if len(sigs) == 0 || (s.Timed() && ts == "") {
		return Malformed
	}
	want := s.compute(secret, d, ts)
	ok := false
	for _, sig := range sigs {
		if subtle.ConstantTimeCompare([]byte(sig), []byte(want)) == 1 {
			ok = true
		}
	}
	if !ok {
		return Mismatch
	}
	if s.Timed() {
		at, good := parseTimestamp(ts)
		if !good {
			return Malformed
		}
		if d := now.Sub(at); d > s.tolerance() || -d > s.tolerance() {
			return Expired
		}
	}
	return Valid
}

// parseTimestamp reads Unix seconds or RFC 3339.
func parseTimestamp(ts string) (time.Time, bool) {
	if n, err := strconv.ParseInt(ts, 10, 64); err == nil {
		return time.Unix(n, 0), true
	}
	t, err := time.Parse(time.RFC3339, ts)
	return t, err == nil
}
