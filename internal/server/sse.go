package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// sseHeartbeat is how often an idle stream sends a comment, so proxies and
// clients see the connection is alive.
const sseHeartbeat = 15 * time.Second

// sseEvent is one Server-Sent Event.
type sseEvent struct {
	id   int64
	kind string // the event: field
	data any    // marshalled to the data: field
}

// serveSSE streams events as text/event-stream: next blocks until there
// are events with IDs above after, or until its ctx ends (then it returns
// none). The stream ends when the client goes, when the server shuts down
// (Config.Done) or when a write fails.
func (s *server) serveSSE(w http.ResponseWriter, r *http.Request, after int64, next func(ctx context.Context, after int64) []sseEvent) {
	rc := http.NewResponseController(w)
	// A stream outlives http.Server's WriteTimeout; lift it. A writer
	// without deadlines (a recorder in tests) has none to lift.
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // tell nginx-like proxies not to buffer
	w.WriteHeader(http.StatusOK)
	if rc.Flush() != nil {
		return
	}
	ctx, cancel := s.untilShutdown(r.Context())
	defer cancel()
	for {
		waitCtx, stop := context.WithTimeout(ctx, sseHeartbeat)
		events := next(waitCtx, after)
		stop()
		if ctx.Err() != nil {
			return
		}
		if len(events) == 0 {
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil || rc.Flush() != nil {
				return
			}
			continue
		}
		for _, e := range events {
			data, err := json.Marshal(e.data)
			if err != nil {
				s.log.ErrorContext(ctx, "event stream: encode", "err", err)
				return
			}
			if _, err := fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", e.id, e.kind, data); err != nil {
				return
			}
			after = e.id
		}
		if rc.Flush() != nil {
			return
		}
	}
}

// untilShutdown returns a context that ends with ctx or when the server
// shuts down (Config.Done), whichever comes first.
func (s *server) untilShutdown(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	if s.cfg.Done != nil {
		go func() {
			select {
			case <-s.cfg.Done:
				cancel()
			case <-ctx.Done():
			}
		}()
	}
	return ctx, cancel
}

// streamStart returns the ID a stream starts after: ?after= when given,
// else the Last-Event-ID a reconnecting EventSource sends (resuming where
// it stopped), else, with ?live=true, the newest ID now (only what comes
// next), else 0: by default a stream first replays everything kept that
// matches, then goes on live.
func streamStart(r *http.Request, after int64, lastID func() int64) (int64, *badInput) {
	after, e := lastEventID(r, after)
	if e != nil || after != 0 {
		return after, e
	}
	q := newQuery(r)
	if q.bool("live") {
		after = lastID()
	}
	return after, q.err
}

// lastEventID returns the ID a reconnecting EventSource sends in
// Last-Event-ID when the query gave no ?after=, so it resumes where it
// stopped.
func lastEventID(r *http.Request, after int64) (int64, *badInput) {
	v := r.Header.Get("Last-Event-ID")
	if after != 0 || v == "" {
		return after, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		return 0, badf("Last-Event-ID", "Last-Event-ID must be an event id, got %q", v)
	}
	return id, nil
}
