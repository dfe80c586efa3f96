// Package reqquery parses a request's query string once for everything
// that reads it. A ZEGO request's query was parsed four times (journal,
// gateway, QueryFriendList, access log), a TIM request's three; under
// Middleware they share one url.Values.
package reqquery

import (
	"context"
	"net/http"
	"net/url"
	"sync"
)

type ctxKey struct{}

type parsed struct {
	raw    string
	once   sync.Once
	values url.Values
	err    error
}

// Middleware gives each request a query to be parsed on first use.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, &parsed{raw: r.URL.RawQuery})))
	})
}

// Parse returns url.ParseQuery(r.URL.RawQuery): under Middleware the one
// parse of the request's query, shared, so callers must not change the
// map; elsewhere (or once the query was replaced) a parse of its own.
func Parse(r *http.Request) (url.Values, error) {
	if p, ok := r.Context().Value(ctxKey{}).(*parsed); ok && p.raw == r.URL.RawQuery {
		p.once.Do(func() { p.values, p.err = url.ParseQuery(p.raw) })
		return p.values, p.err
	}
	return url.ParseQuery(r.URL.RawQuery)
}

// Values is Parse without the error, as url.URL.Query.
func Values(r *http.Request) url.Values {
	v, _ := Parse(r)
	return v
}
