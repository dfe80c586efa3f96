package timapi

import (
	"log/slog"

	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/events"
	"github.com/imemu/imemu/internal/ratelimit"
	"github.com/imemu/imemu/internal/store"
)

// Deps is what TIM handlers need, passed in by the server.
type Deps struct {
	Logger  *slog.Logger
	Store   *store.Store
	Clock   clock.Clock
	Limiter *ratelimit.Limiter // nil: --rate-limit off
	Events  *events.Feed
	AuthOff bool // --auth off: skip UserSig checks
}
