package zegoapi

import (
	"log/slog"
	"net/http"

	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/events"
	"github.com/imemu/imemu/internal/ratelimit"
	"github.com/imemu/imemu/internal/store"
)

// Deps is what ZEGO handlers need, passed in by the server.
type Deps struct {
	Logger  *slog.Logger
	Store   *store.Store
	Clock   clock.Clock
	Limiter *ratelimit.Limiter // nil: --rate-limit off
	Events  *events.Feed
	AuthOff bool // --auth off: skip signature and timestamp checks
}

// Gateway dispatches ZEGO requests by their Action query parameter, as
// ZEGO's gateway does: a missing Action is CodeActionEmpty, one not in
// actions CodeActionUnsupported.
func Gateway(d *Deps, actions map[string]http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		action := r.URL.Query().Get("Action")
		if action == "" {
			writeError(w, r, d.Logger, errorf(CodeActionEmpty, ""))
			return
		}
		h, ok := actions[action]
		if !ok {
			writeError(w, r, d.Logger, errorf(CodeActionUnsupported, "%q", action))
			return
		}
		h.ServeHTTP(w, r)
	})
}
