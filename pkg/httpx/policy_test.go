package httpx

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
)

func TestIdempotent(t *testing.T) {
	for m, want := range map[string]bool{http.MethodGet: true, http.MethodPut: true, http.MethodPatch: true, http.MethodDelete: true, http.MethodPost: false} {
		if Idempotent(m) != want {
			t.Errorf("Idempotent(%s) = %v", m, !want)
		}
	}
}

func TestUncertain(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
	for _, tt := range []struct {
		name string
		resp *Response
		err  error
		want bool
	}{
		{"answered at once", &Response{Status: 404}, nil, false},
		{"answered after a dropped try", &Response{Status: 503, Unanswered: 1}, nil, true},
		{"never sent", nil, dial, false},
		{"cut off after sending", nil, reset, true},
		{"timed out", nil, context.DeadlineExceeded, true},
	} {
		if got := Uncertain(tt.resp, tt.err); got != tt.want {
			t.Errorf("%s: Uncertain = %v, want %v", tt.name, got, tt.want)
		}
	}
}
