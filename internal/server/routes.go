package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/imemu/imemu/internal/timapi"
	"github.com/imemu/imemu/internal/zegoapi"
)

// routes lists every route imemu serves.
func (s *server) routes(r chi.Router) {
	r.Use(s.ids.Middleware, s.accessLog)

	// Control plane: JSON, never a vendor envelope.
	r.Route("/_mock", func(r chi.Router) {
		r.Use(recoverJSON(s.log), s.capBody)
		r.Get("/health", s.handleHealth())
		r.Group(func(r chi.Router) {
			r.Use(s.requireControlToken)
			r.Post("/reset", s.handleReset())
		})
		r.NotFound(controlNotFound())
		r.MethodNotAllowed(controlMethodNotAllowed())
	})

	// TIM: POST /v4/<service>/<command>.
	r.Route("/v4", func(r chi.Router) {
		r.Use(timapi.Recover(s.log), s.capBody)
		r.NotFound(timapi.UnknownPath(s.log).ServeHTTP)
		r.MethodNotAllowed(timapi.UnknownPath(s.log).ServeHTTP)
	})

	// ZEGO: every other path, dispatched by ?Action= (ZEGO's gateway
	// ignores the path).
	zego := chi.Chain(zegoapi.Recover(s.log), s.capBody).Handler(zegoapi.Gateway(s.zego, map[string]http.Handler{}))
	r.Handle("/", zego)
	r.NotFound(zego.ServeHTTP)
	r.MethodNotAllowed(zego.ServeHTTP)
}
