package vendorfile

import (
	"crypto/rand"
	"fmt"
	"regexp"
	"strconv"
	"sync"

	"github.com/google/uuid"
)

var randomPart = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\{(hex|alnum|upper|digits|base64):(\d+)\}|\{uuid\}`)
})

const (
	hexDigits   = "0123456789abcdef"
	alnumDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	upperDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	decDigits   = "0123456789"
	b64Digits   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
)

// RandomText fills a form such as "we_{alnum:24}" with random characters:
// {hex:N}, {alnum:N}, {upper:N}, {digits:N}, {base64:N} (URL-safe) or
// {uuid}. An empty
// form is "{alnum:24}".
func RandomText(form string) (string, error) {
	if form == "" {
		form = "{alnum:24}"
	}
	var err error
	out := randomPart().ReplaceAllStringFunc(form, func(m string) string {
		if m == "{uuid}" {
			return uuid.NewString()
		}
		sub := randomPart().FindStringSubmatch(m)
		n, _ := strconv.Atoi(sub[2])
		if n < 1 || n > 128 {
			err = fmt.Errorf("%s: between 1 and 128 characters", m)
			return ""
		}
		set := map[string]string{"hex": hexDigits, "alnum": alnumDigits, "upper": upperDigits, "digits": decDigits, "base64": b64Digits}[sub[1]]
		return pick(set, n)
	})
	if err != nil {
		return "", err
	}
	if out == form {
		return "", fmt.Errorf("%q has no random part ({hex:N}, {alnum:N}, {upper:N}, {digits:N}, {base64:N} or {uuid})", form)
	}
	return out, nil
}

func pick(set string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = set[int(b[i])%len(set)]
	}
	return string(b)
}
