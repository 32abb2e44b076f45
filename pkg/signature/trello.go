package signature

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"unicode/utf16"
	"unicode/utf8"
)

// TrelloHeader is the request header that carries Trello's delivery signature.
const TrelloHeader = "X-Trello-Webhook"

// TrelloSign returns the X-Trello-Webhook value for a delivery as Trello
// computes it: the base64 of HMAC-SHA1 keyed with the application's OAuth
// secret over the raw body followed by the callback URL exactly as it was
// registered, that content taken as Trello's guide says, as a "binary"
// string: each character (each UTF-16 unit of it) cut to its low byte. For
// ASCII content that is the UTF-8 bytes; an accent or an emoji differs.
func TrelloSign(secret string, body []byte, callbackURL string) string {
	return trelloMAC(secret, trelloBinary(body, callbackURL))
}

// TrelloSignUTF8 is TrelloSign over the UTF-8 bytes of the content, as
// most receivers' code (and Trello's own examples in other languages)
// compute it.
func TrelloSignUTF8(secret string, body []byte, callbackURL string) string {
	return trelloMAC(secret, append(append([]byte{}, body...), callbackURL...))
}

// TrelloVerify reports whether header is a valid X-Trello-Webhook value for
// body delivered to callbackURL, in either form (Trello's "binary" one or
// UTF-8). The comparisons are constant-time.
func TrelloVerify(secret string, body []byte, callbackURL, header string) bool {
	binary := hmac.Equal([]byte(TrelloSign(secret, body, callbackURL)), []byte(header))
	utf := hmac.Equal([]byte(TrelloSignUTF8(secret, body, callbackURL)), []byte(header))
	return binary || utf
}

func trelloMAC(secret string, content []byte) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write(content)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// trelloBinary is body+callbackURL decoded as UTF-8 (as Node.js decodes a
// request), each UTF-16 unit then cut to its low byte (Node.js's "binary",
// i.e. latin1, encoding).
func trelloBinary(body []byte, callbackURL string) []byte {
	out := make([]byte, 0, len(body)+len(callbackURL))
	add := func(b []byte) {
		for len(b) > 0 {
			r, n := utf8.DecodeRune(b)
			b = b[n:]
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError || r2 != utf8.RuneError {
				out = append(out, byte(r1), byte(r2))
				continue
			}
			out = append(out, byte(r))
		}
	}
	add(body)
	add([]byte(callbackURL))
	return out
}
