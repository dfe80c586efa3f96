package imemutest_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/imemutest"
)

// newServer is imemutest.New whose control traffic is checked against the
// server's OpenAPI document, as internal/server's tests check theirs: the
// package's own calls must be what the document describes.
func newServer(t *testing.T, opts imemutest.Options) *imemutest.Server {
	t.Helper()
	srv := imemutest.New(t, opts)
	router, err := openAPIRouter()
	require.NoError(t, err)
	c := srv.Client()
	c.Transport = &checkedTransport{t: t, router: router, next: c.Transport}
	return srv
}

var openAPIRouter = sync.OnceValues(func() (routers.Router, error) {
	b, err := os.ReadFile("../internal/server/openapi.json")
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	return gorillamux.NewRouter(doc)
})

// checkedTransport validates /_mock/ requests and answers with
// openapi3filter and fails t (Errorf: safe from any goroutine) on a
// mismatch; streams are checked up to their headers.
type checkedTransport struct {
	t      *testing.T
	router routers.Router
	next   http.RoundTripper
}

func (c *checkedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasPrefix(req.URL.Path, "/_mock/") {
		return c.next.RoundTrip(req)
	}
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	withBody := func() *http.Request {
		r := req.Clone(req.Context())
		r.Body = io.NopCloser(bytes.NewReader(body))
		return r
	}
	what := req.Method + " " + req.URL.RequestURI()
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		c.t.Errorf("openapi: %s is not in the document: %v", what, err)
		return c.next.RoundTrip(withBody())
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}
	in := &openapi3filter.RequestValidationInput{Request: withBody(), PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
		c.t.Errorf("openapi: request %s: %v\nbody: %s", what, err, body)
	}
	resp, err := c.next.RoundTrip(withBody())
	if err != nil {
		return nil, err
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header, Options: opts}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		out.Options = &openapi3filter.Options{IncludeResponseStatus: true, ExcludeResponseBody: true}
	} else {
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		resp.Body = io.NopCloser(bytes.NewReader(b))
		out.SetBodyBytes(b)
	}
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		c.t.Errorf("openapi: answer %d to %s: %v", resp.StatusCode, what, err)
	}
	return resp, nil
}

// CloseIdleConnections passes on to the wrapped transport.
func (c *checkedTransport) CloseIdleConnections() {
	if ci, ok := c.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}
