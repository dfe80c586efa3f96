// Package server wires imemu together: one chi router with the ZEGO and
// TIM route groups and the /_mock/ control plane over one store.
package server

import (
	"log/slog"
	"net/http"
	"sync"

	"github.com/go-chi/chi/v5"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/events"
	"github.com/imemu/imemu/internal/faults"
	"github.com/imemu/imemu/internal/journal"
	"github.com/imemu/imemu/internal/ratelimit"
	"github.com/imemu/imemu/internal/reqid"
	"github.com/imemu/imemu/internal/store"
	"github.com/imemu/imemu/internal/timapi"
	"github.com/imemu/imemu/internal/zegoapi"
)

// DefaultMaxBodyBytes caps request bodies: far above any valid vendor
// request (TIM's largest, 1000 ids of 32 bytes, is ~40 KiB), far below
// what could hurt the process.
const DefaultMaxBodyBytes = 1 << 20

// DefaultSnapshotBytes is the most data the saved snapshots hold together
// when Config.SnapshotBytes is not set. They live in the database, which
// for --db :memory: is the process's memory.
const DefaultSnapshotBytes = 128 << 20

// Config is what the command line decides.
type Config struct {
	AuthOff       bool             // skip signature and UserSig checks (--auth off)
	RateLimitOff  bool             // skip QPS emulation (--rate-limit off)
	ControlToken  string           // when set, /_mock/* (but health) needs this bearer token
	AllowedHosts  []string         // host names (or host:port) browsers may reach the control plane under, besides loopback names and IP addresses
	MaxBodyBytes  int64            // request body cap; 0 = DefaultMaxBodyBytes
	Fixtures      []imemu.AppState // what reset restores
	EventsCap     int              // events kept; 0 = events package default
	EventsBytes   int64            // byte budget of the events kept; 0 = events.DefaultBytes
	JournalSize   int              // vendor requests the journal keeps; 0 = journal.DefaultSize
	JournalBytes  int64            // byte budget of the journal; 0 = journal.DefaultBytes
	SnapshotBytes int64            // byte budget of the saved snapshots together; 0 = DefaultSnapshotBytes
	CACertPEM     []byte           // the local CA certificate GET /_mock/tls/ca.pem serves; nil when TLS is off

	// Done, when closed, ends every event stream and long-poll at once, so
	// an http.Server's Shutdown need not wait for them: close it from
	// RegisterOnShutdown. Nil: they end only when their clients go.
	Done <-chan struct{}
}

// server is imemu's HTTP handler with the state its routes share.
type server struct {
	log     *slog.Logger
	cfg     Config
	store   *store.Store
	clock   *clock.Controlled
	limiter *ratelimit.Limiter
	events  *events.Feed
	ids     *reqid.Generator
	journal *journal.Journal
	faults  *faults.Set
	hosts   hostPolicy
	zego    *zegoapi.Deps
	tim     *timapi.Deps
	handler http.Handler

	// stateMu serialises the control plane's changes of whole apps (create,
	// delete, reset, state import, snapshot restore), so created and the
	// store never disagree.
	stateMu sync.Mutex
	created map[imemu.AppKey]imemu.AppState // reset baselines of apps created through /_mock/apps
}

// NewServer returns imemu's handler over st. Time comes from clk, wrapped so
// the control plane can freeze or shift it. Two servers never share state.
func NewServer(log *slog.Logger, cfg Config, st *store.Store, clk clock.Clock) http.Handler {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.SnapshotBytes <= 0 {
		cfg.SnapshotBytes = DefaultSnapshotBytes
	}
	// What reset restores has every time fixed once (callers that loaded
	// cfg.Fixtures stamped them already, at the load): a reset brings back
	// the same times each time.
	cfg.Fixtures = fixtures.Stamp(cfg.Fixtures, clk.Now())
	s := &server{
		log:     log,
		cfg:     cfg,
		store:   st,
		clock:   controlled(clk),
		events:  events.NewFeedBudget(cfg.EventsCap, cfg.EventsBytes),
		ids:     reqid.NewGenerator(),
		journal: journal.New(cfg.JournalSize, cfg.JournalBytes),
		faults:  faults.NewSet(),
		hosts:   newHostPolicy(cfg.AllowedHosts),
		created: map[imemu.AppKey]imemu.AppState{},
	}
	if !cfg.RateLimitOff {
		s.limiter = ratelimit.New()
	}
	s.zego = &zegoapi.Deps{Logger: log, Store: st, Clock: s.clock, Limiter: s.limiter, Events: s.events, AuthOff: cfg.AuthOff}
	s.tim = &timapi.Deps{Logger: log, Store: st, Clock: s.clock, Limiter: s.limiter, Events: s.events, AuthOff: cfg.AuthOff, Done: cfg.Done}
	r := chi.NewRouter()
	s.routes(r)
	s.handler = r
	return s
}

// ServeHTTP serves a request.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// controlled returns clk itself when it is already a Controlled clock (so
// the store that shares it sees control-plane time changes too), else wraps it.
func controlled(clk clock.Clock) *clock.Controlled {
	if c, ok := clk.(*clock.Controlled); ok {
		return c
	}
	return clock.NewControlled(clk)
}
