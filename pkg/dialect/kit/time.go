package kit

import (
	"encoding/json"
	"strconv"
	"time"
)

// Time reads a time in a vendor's JSON: an RFC 3339 string, or Unix
// seconds or milliseconds (a number); false when it is neither.
func Time(raw json.RawMessage) (time.Time, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, true
		}
		return time.Time{}, false
	}
	var n json.Number
	if json.Unmarshal(raw, &n) != nil || n == "" {
		return time.Time{}, false
	}
	v, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil || v <= 0 {
		return time.Time{}, false
	}
	if v > 1e12 {
		return time.UnixMilli(v), true
	}
	return time.Unix(v, 0), true
}
