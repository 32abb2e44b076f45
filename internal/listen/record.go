package listen

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"
	"unicode/utf8"
)

// Recording is one delivery as `listen --record` keeps it and `replay`
// reads it: one JSON object per line, byte-exact (headers with every value,
// the body as text when it is UTF-8, else base64).
type Recording struct {
	Time   string `json:"time"`
	Method string `json:"method"`
	// URL is the URL the sender addressed (http://HOST:PORT/PATH?QUERY),
	// or --callback-url.
	URL string `json:"url"`
	// Path and Query are the request's, as received (Query raw, without
	// the "?").
	Path    string      `json:"path"`
	Query   string      `json:"query,omitempty"`
	Headers http.Header `json:"headers"`
	// Body is the raw body when it is valid UTF-8; BodyBase64 otherwise.
	Body         string   `json:"body,omitempty"`
	BodyBase64   string   `json:"body_base64,omitempty"`
	Event        string   `json:"event,omitempty"`
	Verification Result   `json:"verification"`
	Signatures   []string `json:"signatures,omitempty"`
	Detail       string   `json:"detail,omitempty"`
	// Status is the answer listen gave the sender.
	Status     int  `json:"status"`
	Forwarded  bool `json:"forwarded,omitempty"`
	Rejected   bool `json:"rejected,omitempty"`
	Unverified bool `json:"accepted_unverified,omitempty"`
	Incomplete bool `json:"incomplete,omitempty"`
}

// Recording returns the delivery in its --record shape.
func (d *Delivery) Recording() Recording {
	rec := Recording{
		Time:         d.Time.UTC().Format(time.RFC3339Nano),
		Method:       d.Method,
		URL:          d.URL,
		Headers:      d.Header,
		Event:        d.Event,
		Verification: d.Verification.Result,
		Signatures:   d.Verification.Schemes,
		Detail:       d.Verification.Detail,
		Status:       d.Status,
		Forwarded:    d.Forwarded,
		Rejected:     d.Rejected,
		Unverified:   d.Unverified,
		Incomplete:   d.Incomplete,
	}
	rec.Path, rec.Query = d.pathQuery()
	if utf8.Valid(d.Body) {
		rec.Body = string(d.Body)
	} else {
		rec.BodyBase64 = base64.StdEncoding.EncodeToString(d.Body)
	}
	return rec
}

// pathQuery is the request's path, escaped, and its raw query, as a
// record keeps them (the path as it came when it does not parse).
func (d *Delivery) pathQuery() (path, query string) {
	u, err := url.Parse(d.Path)
	if err != nil {
		return d.Path, ""
	}
	return u.EscapedPath(), u.RawQuery
}

// RawBody is the recorded body's bytes.
func (r Recording) RawBody() ([]byte, error) {
	if r.BodyBase64 != "" {
		b, err := base64.StdEncoding.DecodeString(r.BodyBase64)
		if err != nil {
			return nil, errors.New("body_base64 is not base64")
		}
		return b, nil
	}
	return []byte(r.Body), nil
}

// RequestURI is the recorded path and query.
func (r Recording) RequestURI() string {
	if r.Query != "" {
		return r.Path + "?" + r.Query
	}
	return r.Path
}

// Recorder appends deliveries to a file, one JSON line each, to a file
// opened O_APPEND: a reader tailing the file, or a second listen appending
// to it, never sees half a line. Records that arrive while a write is
// under way are written together next (group commit), by one of their
// callers, while each Record returns only once its own line is in the
// file, so a delivery answered after Record returned is never lost, even
// if listen is killed next. A batch that cannot be written whole (a full
// disk) is cut off again, so the file holds whole records only. It is
// safe for concurrent use.
type Recorder struct {
	f    recordFile
	path string

	mu      sync.Mutex
	changed sync.Cond    // a batch was written, or taken to be
	open    *recordBatch // the lines waiting for the next write (nil: none)
	writing bool         // a batch is being written
	spare   []byte       // the last batch's buffer, for the next
	closed  bool
}

// recordBatch is lines written in one write, and how it went.
type recordBatch struct {
	lines []byte
	done  bool
	err   error
}

// maxBatch bounds one write of waiting records: past it, more wait for
// the write under way.
const maxBatch = 1 << 20

// recordFile is what a Recorder needs of its file (an *os.File).
type recordFile interface {
	Write([]byte) (int, error)
	Stat() (os.FileInfo, error)
	Truncate(int64) error
	Close() error
}

// ErrReadable is returned by OpenRecorder for an existing file that others
// can read: records hold the senders' headers (Authorization among them).
var ErrReadable = errors.New("readable by others")

// errClosed is Record's error once the Recorder is closed.
var errClosed = errors.New("the record file is closed")

// OpenRecorder opens the file deliveries are appended to, creating it
// 0600. An existing file that its group or others can read is refused
// (ErrReadable).
func OpenRecorder(path string) (*Recorder, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if fi.Mode().IsRegular() && fi.Mode().Perm()&0o077 != 0 {
		f.Close()
		return nil, fmt.Errorf("%w (mode %04o; records keep the senders' headers: chmod 600 %s)", ErrReadable, fi.Mode().Perm(), path)
	}
	r := &Recorder{f: f, path: path}
	r.changed.L = &r.mu
	return r, nil
}

// Path is the file recorded to.
func (r *Recorder) Path() string { return r.path }

// Record appends one delivery, whole or not at all, and returns once it
// is written.
func (r *Recorder) Record(d *Delivery) error {
	// Room for the body escaped and the headers at once: a buffer
	// that grows as it fills copies the line over and over.
	bp := linePool.Get().(*[]byte)
	defer linePool.Put(bp)
	if need := len(d.Body) + len(d.Body)/8 + 2048; cap(*bp) < need {
		*bp = make([]byte, 0, need)
	}
	*bp = d.AppendRecording((*bp)[:0])
	r.mu.Lock()
	defer r.mu.Unlock()
	for !r.closed && r.writing && r.open != nil && len(r.open.lines) >= maxBatch {
		r.changed.Wait()
	}
	if r.closed {
		return errClosed
	}
	if r.open == nil {
		r.open = &recordBatch{lines: r.spare[:0]}
		r.spare = nil
	}
	b := r.open
	b.lines = append(b.lines, *bp...)
	for !b.done {
		if r.writing {
			r.changed.Wait()
			continue
		}
		// No write under way, so b is still the open batch: this
		// caller writes it, with whatever joined it.
		r.writeOpen()
	}
	return b.err
}

// linePool keeps the buffers records are written into, a line each.
var linePool = sync.Pool{New: func() any { return new([]byte) }}

// writeOpen writes the open batch; r.mu is held, and let go during the
// write so that more lines can gather for the next.
func (r *Recorder) writeOpen() {
	b := r.open
	r.open, r.writing = nil, true
	r.changed.Broadcast()
	r.mu.Unlock()
	err := r.write(b.lines)
	r.mu.Lock()
	r.writing = false
	b.done, b.err = true, err
	r.spare, b.lines = b.lines[:0], nil
	r.changed.Broadcast()
}

// write appends buf whole, or takes back what part of it was written.
func (r *Recorder) write(buf []byte) error {
	n, err := r.f.Write(buf)
	if err == nil && n != len(buf) {
		err = fmt.Errorf("short write (%d of %d bytes)", n, len(buf))
	}
	if err != nil && n > 0 {
		// Take back the part that was written (the file's end, as it
		// was appended to): half a line would spoil every later one
		// for a reader.
		fi, serr := r.f.Stat()
		if serr != nil || !fi.Mode().IsRegular() || fi.Size() < int64(n) || r.f.Truncate(fi.Size()-int64(n)) != nil {
			return fmt.Errorf("%v; half a record was left at the end", err)
		}
	}
	return err
}

// Close waits for the records being written and closes the file; later
// Records fail.
func (r *Recorder) Close() error {
	r.mu.Lock()
	r.closed = true
	r.changed.Broadcast()
	for r.writing || r.open != nil {
		r.changed.Wait()
	}
	r.mu.Unlock()
	return r.f.Close()
}
