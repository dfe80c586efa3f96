package server

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/reqid"
	"github.com/imemu/imemu/internal/reqquery"
)

// accessLog logs one line per request. It logs the path but never the
// query, which carries signatures and UserSigs.
func (s *server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elapsed := clock.Stopwatch()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("action", reqquery.Values(r).Get("Action")),
			slog.Int("status", ww.Status()),
			slog.Int("bytes", ww.BytesWritten()),
			slog.Duration("duration", elapsed()),
			slog.String("request_id", reqid.From(r.Context())),
		)
	})
}

// capBody limits request bodies to cfg.MaxBodyBytes; reading past the cap
// fails with *http.MaxBytesError, which each vendor maps to its own code.
func (s *server) capBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// detach runs a control request under a context its client cannot cancel.
// net/http cancels the request context when the client half-closes its
// side of the connection after sending the request, which would fail the
// store's statements of a request already read in full; a control request
// is short, so it finishes and answers. Waits that should end with their
// client (streams, long-polls) are not under it.
func detach(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithoutCancel(r.Context())))
	})
}
