// Package reqid gives every request a unique numeric id, the form ZEGO's
// RequestId takes (an 18-digit decimal string), and carries it in the
// request context for handlers, logs and the journal.
package reqid

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync/atomic"
)

// Header is the response header that echoes the id.
const Header = "X-Request-Id"

type ctxKey struct{}

// Generator hands out increasing ids from a random 18-digit start, so ids
// are unique within a server and unlikely to repeat across restarts.
type Generator struct{ next atomic.Uint64 }

// NewGenerator returns a Generator starting at a random 18-digit number.
func NewGenerator() *Generator {
	g := &Generator{}
	g.next.Store(100_000_000_000_000_000 + rand.Uint64N(800_000_000_000_000_000))
	return g
}

// Next returns a new id.
func (g *Generator) Next() string { return strconv.FormatUint(g.next.Add(1), 10) }

// Middleware stores a new id in each request's context and response header.
func (g *Generator) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := g.Next()
		w.Header().Set(Header, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, id)))
	})
}

// From returns the request's id, or "" outside the middleware.
func From(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}
