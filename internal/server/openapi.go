package server

import (
	_ "embed"
	"net/http"
)

// openAPIDocument is the OpenAPI 3.0 description of every /_mock/ route.
// The tests load it with a real validator and check every control request
// and response of the suite against it, so it cannot drift from the code.
//
//go:embed openapi.json
var openAPIDocument []byte

// handleOpenAPI serves openAPIDocument. Like health it needs no control
// token: a client generator or a browser must be able to fetch it.
func (s *server) handleOpenAPI() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(openAPIDocument)
	}
}
