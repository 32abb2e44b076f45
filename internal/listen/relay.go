package listen

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// relay sends deliveries to an http:// app over kept-alive connections of
// its own, in the caller's goroutine: the request written by
// http.Request.Write, the answer read by http.ReadResponse. net/http's
// Transport hands each request to two goroutines of its connection and
// back; under load, that cost a relaying receiver about 12 µs of its
// 47 µs a delivery (docs/performance.md). https:// apps, and systems
// where an idle connection cannot be checked, go through the Transport.
type relay struct {
	addr string // host:port
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
	idle chan *relayConn // kept-alive connections, the longest idle first
}

// relayConn is one connection to the app.
type relayConn struct {
	c  net.Conn
	br *bufio.Reader
	bw *bufio.Writer
	// deadline is the connection's, set again only once less than
	// forwardTimeout less a second is left: every exchange has at least
	// that, without a timer reset for each delivery.
	deadline time.Time
}

// maxInformational bounds the 1xx answers read before the real one.
const maxInformational = 8

func newRelay(addr string, dial func(ctx context.Context, network, addr string) (net.Conn, error), idle int) *relay {
	return &relay{addr: addr, dial: dial, idle: make(chan *relayConn, idle)}
}

// do sends req and returns the app's answer: its status and headers, and
// its body (at most maxAnswer). The exchange has forwardTimeout, and
// ends when ctx does (the sender went away).
func (p *relay) do(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	pc, err := p.get(ctx)
	if err != nil {
		return nil, nil, err
	}
	if now := time.Now(); pc.deadline.Sub(now) < forwardTimeout-time.Second {
		pc.deadline = now.Add(forwardTimeout)
		_ = pc.c.SetDeadline(pc.deadline)
	}
	stop := context.AfterFunc(ctx, func() { _ = pc.c.SetDeadline(time.Unix(1, 0)) })
	resp, body, reusable, err := pc.roundTrip(req)
	if !stop() {
		// ctx ended: whatever the exchange came to, the connection's
		// deadline is spent.
		reusable = false
		if err != nil {
			err = ctx.Err()
		}
	}
	if err != nil || !reusable {
		_ = pc.c.Close()
	} else {
		p.put(pc)
	}
	return resp, body, err
}

// get is an idle connection that is still open, else a new one.
func (p *relay) get(ctx context.Context) (*relayConn, error) {
	for {
		select {
		case pc := <-p.idle:
			if open(pc.c) {
				return pc, nil
			}
			// The app closed it while it was idle (its keep-alive
			// timeout): one more is tried, or a new one dialled.
			_ = pc.c.Close()
			continue
		default:
		}
		c, err := p.dial(ctx, "tcp", p.addr)
		if err != nil {
			return nil, err
		}
		return &relayConn{c: c, br: bufio.NewReader(c), bw: bufio.NewWriter(c)}, nil
	}
}

// put keeps a connection for the next delivery, unless enough are kept.
func (p *relay) put(pc *relayConn) {
	select {
	case p.idle <- pc:
	default:
		_ = pc.c.Close()
	}
}

// roundTrip writes req and reads the answer, skipping informational (1xx)
// ones. reusable says whether the connection can carry another request:
// the answer was read to its end and the app keeps the connection.
func (pc *relayConn) roundTrip(req *http.Request) (resp *http.Response, body []byte, reusable bool, err error) {
	if err = req.Write(pc.bw); err == nil {
		err = pc.bw.Flush()
	}
	if err != nil {
		return nil, nil, false, err
	}
	for range maxInformational + 1 {
		resp, err = http.ReadResponse(pc.br, req)
		if err != nil {
			return nil, nil, false, err
		}
		if resp.StatusCode < 100 || resp.StatusCode > 199 || resp.StatusCode == http.StatusSwitchingProtocols {
			break
		}
		resp = nil
	}
	if resp == nil {
		return nil, nil, false, fmt.Errorf("more than %d informational answers", maxInformational)
	}
	body, complete, err := readAnswerBody(resp)
	if err != nil {
		return nil, nil, false, err
	}
	if complete {
		// At its end: Close reads nothing more. (On a body not read to
		// its end it would read the rest, however large.)
		_ = resp.Body.Close()
	}
	return resp, body, complete && !resp.Close && resp.StatusCode != http.StatusSwitchingProtocols, nil
}
