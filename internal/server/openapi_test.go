package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/server"
)

// The harness: every control-plane request a test sends through
// validatingClient, and the answer to it, is checked against openapi.json
// with kin-openapi, so the document cannot drift from the code.
//
//	c := validatingClient(t, srv.URL)
//	code, body := callMock(t, c, http.MethodPost, srv.URL+"/_mock/apps", map[string]any{"vendor": "zego"})
//	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/apps", badInput(`{"vendor":"wechat"}`))

// openAPI is the document and its router, loaded once per test binary;
// both are read-only after loading.
var openAPI = sync.OnceValues(func() (*openapi3.T, error) {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		return nil, err
	}
	return doc, doc.Validate(context.Background())
})

var openAPIRouter = sync.OnceValues(func() (routers.Router, error) {
	doc, err := openAPI()
	if err != nil {
		return nil, err
	}
	return gorillamux.NewRouter(doc)
})

func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, err := openAPI()
	require.NoError(t, err, "openapi.json must be a valid OpenAPI 3.0 document")
	assert.Equal(t, "3.0.3", doc.OpenAPI)
	for path, item := range doc.Paths.Map() {
		require.True(t, strings.HasPrefix(path, "/_mock/"), path)
		for method, op := range item.Operations() {
			assert.NotEmpty(t, op.OperationID, "%s %s", method, path)
			assert.NotEmpty(t, op.Summary, "%s %s", method, path)
		}
	}
}

// TestOpenAPIServed checks that GET /_mock/openapi.json serves the file,
// without the control token.
func TestOpenAPIServed(t *testing.T) {
	srv, _ := newTestServer(t, server.Config{ControlToken: "s3cret"})
	code, body := callMock(t, validatingClient(t, srv.URL), http.MethodGet, srv.URL+"/_mock/openapi.json", nil)
	require.Equal(t, http.StatusOK, code, body)
	want, err := os.ReadFile("openapi.json")
	require.NoError(t, err)
	assert.True(t, strings.TrimSpace(string(want)) == body, "the served document differs from openapi.json")
}

// TestOpenAPIListsEveryRoute compares the control routes registered in
// routes.go (read with go/ast, so no route can be added without its
// documentation) with the document's operations.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	doc, err := openAPI()
	require.NoError(t, err)
	var documented []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path) // chi and OpenAPI both write {name}
		}
	}
	registered := controlRoutes(t)
	var undocumented, missing []string
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			undocumented = append(undocumented, r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			missing = append(missing, d)
		}
	}
	assert.Empty(t, undocumented, "routes.go registers control routes openapi.json does not describe")
	assert.Empty(t, missing, "openapi.json describes control routes routes.go does not register")
}

// controlRoutes returns "METHOD /_mock/…" for every route registered inside
// the r.Route("/_mock", …) block of routes.go, sorted.
func controlRoutes(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "routes.go", nil, 0)
	require.NoError(t, err)
	var out []string
	var walk func(n ast.Node, prefix string)
	walk = func(n ast.Node, prefix string) {
		ast.Inspect(n, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			path, _ := strconv.Unquote(lit.Value)
			switch name := sel.Sel.Name; name {
			case "Route":
				if len(call.Args) == 2 && (prefix != "" || path == "/_mock") {
					walk(call.Args[1], prefix+path)
				}
				return false
			case "Get", "Post", "Put", "Patch", "Delete", "Head":
				if prefix != "" {
					out = append(out, strings.ToUpper(name)+" "+prefix+path)
				}
			}
			return true
		})
	}
	walk(f, "")
	require.NotEmpty(t, out, "no /_mock routes found in routes.go")
	slices.Sort(out)
	return out
}

// validatingClient returns a client whose requests to baseURL's /_mock/
// routes, and their answers, are validated against openapi.json; every
// mismatch fails t (with t.Errorf, so it is safe from any goroutine). Other
// requests pass through unchecked. A request whose context was marked by
// badInput skips request validation: its answer is still checked.
func validatingClient(t testing.TB, baseURL string) *http.Client {
	t.Helper()
	_, err := openAPI()
	require.NoError(t, err)
	router, err := openAPIRouter()
	require.NoError(t, err)
	base, err := url.Parse(baseURL)
	require.NoError(t, err)
	return &http.Client{Transport: &validatingTransport{t: t, host: base.Host, router: router, next: http.DefaultTransport}}
}

type validatingTransport struct {
	t      testing.TB
	host   string
	router routers.Router
	next   http.RoundTripper
}

type badInputKey struct{}

// badInput wraps a request body (JSON text as a string, any value to
// encode, or nil) of a request a test sends on purpose as bad input: the
// harness does not validate the request, only the error answer.
func badInput(body any) any { return badBody{body} }

type badBody struct{ body any }

func (vt *validatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != vt.host || !strings.HasPrefix(req.URL.Path, "/_mock/") {
		return vt.next.RoundTrip(req)
	}
	var reqBody []byte
	if req.Body != nil {
		var err error
		reqBody, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	clone := func() *http.Request {
		r := req.Clone(req.Context())
		r.Body = io.NopCloser(bytes.NewReader(reqBody))
		return r
	}
	what := req.Method + " " + req.URL.RequestURI()
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: clone(), Options: opts}
	route, params, routeErr := vt.router.FindRoute(in.Request)
	bad := req.Context().Value(badInputKey{}) != nil
	if routeErr == nil {
		in.Route, in.PathParams = route, params
		if !bad {
			if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
				vt.t.Errorf("openapi: request %s does not match openapi.json: %v\nbody: %s", what, err, reqBody)
			}
		}
	} else if !bad {
		vt.t.Errorf("openapi: %s is not in openapi.json: %v", what, routeErr)
	}

	resp, err := vt.next.RoundTrip(clone())
	if err != nil {
		return nil, err
	}
	ct := resp.Header.Get("Content-Type")
	// Streams and the CA certificate are not JSON: their status and headers
	// are checked, their bodies by their own tests.
	if ct == "text/event-stream" || strings.HasPrefix(ct, "text/event-stream;") || ct == "application/x-pem-file" {
		if routeErr == nil {
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
				Options: &openapi3filter.Options{IncludeResponseStatus: true, ExcludeResponseBody: true}}
			if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
				vt.t.Errorf("openapi: stream answer to %s does not match openapi.json: %v", what, err)
			}
		}
		return resp, nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if resp.StatusCode != http.StatusNoContent && ct != "application/json; charset=utf-8" {
		vt.t.Errorf("openapi: answer to %s has Content-Type %q, want application/json; charset=utf-8", what, ct)
	}
	if routeErr != nil {
		// Off the document (a bad path or method): the answer must still
		// be the control plane's error object.
		var e map[string]any
		if err := json.Unmarshal(body, &e); err != nil {
			vt.t.Errorf("openapi: answer to %s is not JSON: %v: %s", what, err, body)
		} else if err := errorSchema().VisitJSON(e); err != nil || resp.StatusCode < 400 {
			vt.t.Errorf("openapi: answer %d to %s is not an Error: %v: %s", resp.StatusCode, what, err, body)
		}
		return resp, nil
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Body: io.NopCloser(bytes.NewReader(body)), Options: opts}
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		vt.t.Errorf("openapi: answer %d to %s does not match openapi.json: %v\nbody: %s", resp.StatusCode, what, err, body)
	}
	return resp, nil
}

func errorSchema() *openapi3.Schema {
	doc, _ := openAPI()
	return doc.Components.Schemas["Error"].Value
}

// callMock sends a control request through c (a validatingClient) and
// returns the status and body. body is nil (no body), a string or []byte
// (sent as is), badInput(…) (sent without request validation), or any
// other value (sent as JSON).
func callMock(t testing.TB, c *http.Client, method, url string, body any, header ...string) (int, string) {
	t.Helper()
	ctx := context.Background()
	if b, ok := body.(badBody); ok {
		ctx, body = context.WithValue(ctx, badInputKey{}, true), b.body
	}
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		require.NoError(t, err)
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	require.NoError(t, err)
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	require.NoError(t, err, "%s %s", method, url)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

// mustJSON decodes a JSON answer into a map for assertions.
func mustJSON(t testing.TB, body string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m), body)
	return m
}

// TestHarnessCatchesMismatches proves the harness fails a test on an answer
// or a request the document does not allow.
func TestHarnessCatchesMismatches(t *testing.T) {
	router, err := openAPIRouter()
	require.NoError(t, err)
	fake := func(status int, body string) http.RoundTripper {
		return roundTripFunc(func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json; charset=utf-8"}},
				Body: io.NopCloser(strings.NewReader(body))}, nil
		})
	}
	tests := []struct {
		name, method, path, reqBody string
		status                      int
		respBody                    string
		want                        string
	}{
		{"valid", "GET", "/_mock/clock", "", 200, `{"now":"2026-11-23T12:00:00.000Z","frozen":false,"offsetMs":0}`, ""},
		{"extra field", "GET", "/_mock/clock", "", 200, `{"now":"2026-11-23T12:00:00.000Z","frozen":false,"offsetMs":0,"x":1}`, "does not match"},
		{"time without ms", "GET", "/_mock/clock", "", 200, `{"now":"2026-11-23T12:00:00Z","frozen":false,"offsetMs":0}`, "does not match"},
		{"undocumented status", "GET", "/_mock/clock", "", 418, `{"error":"teapot"}`, "status is not supported"},
		{"error without message", "POST", "/_mock/clock", `{"freeze":true}`, 400, `{"field":"freeze"}`, "does not match"},
		{"two clock keys", "POST", "/_mock/clock", `{"freeze":true,"reset":true}`, 400, `{"error":"x"}`, "request POST"},
		{"unknown route", "GET", "/_mock/nope", "", 404, `{"error":"x"}`, "not in openapi.json"},
		{"bad vendor", "GET", "/_mock/apps/wechat/1", "", 400, `{"error":"x","field":"vendor"}`, "request GET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recordingTB{TB: t}
			c := &http.Client{Transport: &validatingTransport{t: rec, host: "imemu.test", router: router, next: fake(tt.status, tt.respBody)}}
			var body io.Reader
			if tt.reqBody != "" {
				body = strings.NewReader(tt.reqBody)
			}
			req, err := http.NewRequest(tt.method, "http://imemu.test"+tt.path, body)
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/json")
			resp, err := c.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			if tt.want == "" {
				assert.Empty(t, rec.errors)
			} else {
				require.NotEmpty(t, rec.errors)
				assert.Contains(t, strings.Join(rec.errors, "\n"), tt.want)
			}
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// recordingTB collects Errorf calls instead of failing the test.
type recordingTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
