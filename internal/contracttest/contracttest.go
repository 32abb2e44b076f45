// Package contracttest checks HTTP traffic against a vendor's published
// OpenAPI description with kin-openapi: a Contract is a RoundTripper that
// validates every request a client sends and every answer it gets. It is
// for tests only (the contract tests of the sandbox's emulators and of the
// dialects); hookctl itself never imports it.
package contracttest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// Contract validates traffic against one OpenAPI description.
type Contract struct {
	t      testing.TB
	Doc    *openapi3.T
	router routers.Router
	next   http.RoundTripper
	// Statuses: fail on an answer status the description does not list.
	Statuses bool
	// Undocumented are requests hookctl makes that the description lacks,
	// "METHOD /path/{id}" → why; they are let through, logged.
	Undocumented map[string]string
	// Auth checks a request's credentials against a security scheme
	// (default: anything passes).
	Auth openapi3filter.AuthenticationFunc
	// ErrorsInAnswer: an error answer of an operation that describes none
	// is checked against the operation's successful answer schema, for an
	// API that answers errors in the same envelope (a member errors).
	ErrorsInAnswer bool

	mu      sync.Mutex
	covered map[string]bool // operationId → answered 2xx
	checked int
}

// Load reads the description at file and validates traffic sent to server
// (the description's paths are taken relative to it) before passing it to
// next.
func Load(t testing.TB, file, server string, next http.RoundTripper) *Contract {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// GitHub's accepted response has an example whose value is null, which
	// kin-openapi takes for a missing one: examples are not checked.
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		t.Fatalf("%s is not a valid OpenAPI description: %v", file, err)
	}
	doc.Servers = openapi3.Servers{{URL: server}}
	dropUndecodable(doc)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &Contract{t: t, Doc: doc, router: router, next: next, covered: map[string]bool{},
		Auth: openapi3filter.NoopAuthenticationFunc}
}

// RoundTrip validates req, sends it on, and validates the answer.
func (c *Contract) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
	}
	reset := func() { req.Body = io.NopCloser(bytes.NewReader(body)) }
	reset()
	route, params, err := c.router.FindRoute(req)
	if err != nil && !strings.HasSuffix(req.URL.Path, "/") {
		// A description may write a path with a trailing slash that the
		// vendor answers with and without it alike.
		alt := req.Clone(req.Context())
		alt.URL.Path += "/"
		if r, p, aerr := c.router.FindRoute(alt); aerr == nil {
			route, params, err = r, p, nil
		}
	}
	if err != nil {
		key := req.Method + " " + Templated(req.URL.Path)
		if why, ok := c.Undocumented[key]; ok {
			c.t.Logf("not in the description (%s): %s", why, key)
			return c.next.RoundTrip(req)
		}
		c.t.Errorf("%s %s: not in the published description: %v", req.Method, req.URL.Path, err)
		return c.next.RoundTrip(req)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: c.Auth, IncludeResponseStatus: c.Statuses, MultiError: true}}
	form := c.formSchema(req, route.Operation)
	if form != nil {
		o := *in.Options
		o.ExcludeRequestBody = true
		in.Options = &o
		v, err := formValue(string(body))
		if err == nil {
			err = form.VisitJSON(coerce(form, v))
		}
		if err != nil {
			c.t.Errorf("request %s %s does not match %s: form body: %v\n%s", req.Method, req.URL.Path, route.Operation.OperationID, err, body)
		}
	}
	if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
		c.t.Errorf("request %s %s does not match %s: %v\n%s", req.Method, req.URL.Path, route.Operation.OperationID, err, body)
	}
	if form != nil {
		o := *in.Options
		o.ExcludeRequestBody = false
		in.Options = &o
	}
	reset()
	resp, err := c.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	opts := in.Options
	if resp.StatusCode >= 400 && !listsErrors(route.Operation) {
		// A description that lists no error answer for an operation
		// cannot say which error statuses are right.
		o := *opts
		o.IncludeResponseStatus = false
		opts = &o
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode,
		Header: resp.Header, Body: io.NopCloser(bytes.NewReader(data)), Options: opts}
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		c.t.Errorf("answer %d to %s %s does not match %s: %v\n%s", resp.StatusCode, req.Method, req.URL.Path, route.Operation.OperationID, err, data)
	}
	if s := successSchema(route.Operation); c.ErrorsInAnswer && resp.StatusCode >= 400 && !listsErrors(route.Operation) && s != nil {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			c.t.Errorf("answer %d to %s %s is not JSON: %s", resp.StatusCode, req.Method, req.URL.Path, data)
		} else if err := s.VisitJSON(v); err != nil {
			first, _, _ := strings.Cut(err.Error(), "\n")
			c.t.Errorf("error answer %d to %s %s does not match %s's answer schema: %s\n%s", resp.StatusCode, req.Method, req.URL.Path, route.Operation.OperationID, first, data)
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	c.mu.Lock()
	c.checked++
	if resp.StatusCode < 300 {
		c.covered[route.Operation.OperationID] = true
	}
	c.mu.Unlock()
	return resp, nil
}

// formSchema is the schema of req's body when it is a form the
// description encodes as deepObject (see form.go), nil otherwise.
func (c *Contract) formSchema(req *http.Request, op *openapi3.Operation) *openapi3.Schema {
	if !strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") || op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	mt := op.RequestBody.Value.Content.Get("application/x-www-form-urlencoded")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return nil
	}
	for _, enc := range mt.Encoding {
		if enc != nil && enc.Style == openapi3.SerializationDeepObject {
			return mt.Schema.Value
		}
	}
	return nil
}

// successSchema is the schema of op's first successful JSON answer that has
// a member errors, nil when none has.
func successSchema(op *openapi3.Operation) *openapi3.Schema {
	if op.Responses == nil {
		return nil
	}
	for status, r := range op.Responses.Map() {
		if !strings.HasPrefix(status, "2") || r.Value == nil {
			continue
		}
		if mt := r.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil && mt.Schema.Value.Properties["errors"] != nil {
			return mt.Schema.Value
		}
	}
	return nil
}

// listsErrors reports whether op describes any error answer.
func listsErrors(op *openapi3.Operation) bool {
	if op.Responses == nil {
		return false
	}
	for status := range op.Responses.Map() {
		if !strings.HasPrefix(status, "2") && !strings.HasPrefix(status, "3") {
			return true
		}
	}
	return false
}

// Templated turns a concrete path back into a description's template, for
// Undocumented: numbers and 24-hex ids become {id}.
func Templated(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if len(s) > 3 && strings.Trim(s, "0123456789") == "" || webhook.HexID24(s) {
			segs[i] = "{id}"
		}
	}
	return strings.Join(segs, "/")
}

// Uncovered lists the described operations no 2xx answer exercised,
// those of paths for which skip returns true left out.
func (c *Contract) Uncovered(skip func(path string) bool) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for path, item := range c.Doc.Paths.Map() {
		if skip != nil && skip(path) {
			continue
		}
		for method, op := range item.Operations() {
			if !c.covered[op.OperationID] {
				out = append(out, method+" "+path+" ("+op.OperationID+")")
			}
		}
	}
	sort.Strings(out)
	return out
}

// Checked is how many requests and answers were checked.
func (c *Contract) Checked() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.checked
}

// Receiver is a loopback endpoint for deliveries: it answers 200, and is
// closed when the test ends.
func Receiver(t testing.TB) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
