package reqquery

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseMatchesParseQuery(t *testing.T) {
	for _, raw := range []string{"", "a=1&b=2&a=3", "Action=X&bad=%zz&c=1", "a=1;b=2", "k"} {
		want, wantErr := url.ParseQuery(raw)
		var got, again url.Values
		var gotErr error
		h := Middleware(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			got, gotErr = Parse(r)
			again = Values(r)
		}))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/?"+raw, nil))
		assert.Equal(t, want, got, raw)
		assert.Equal(t, wantErr, gotErr, raw)
		assert.Equal(t, want, again, raw)

		// Without the middleware: a parse of its own.
		got, gotErr = Parse(httptest.NewRequest(http.MethodGet, "/?"+raw, nil))
		assert.Equal(t, want, got, raw)
		assert.Equal(t, wantErr, gotErr, raw)
	}
}

func TestParseFollowsAReplacedQuery(t *testing.T) {
	h := Middleware(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "1", Values(r).Get("a"))
		r.URL.RawQuery = "a=2"
		assert.Equal(t, "2", Values(r).Get("a"), "parsed anew, not the shared parse")
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/?a=1", nil))
}
