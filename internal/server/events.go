package server

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/events"
)

// maxEventsWait bounds a long-poll, well inside any HTTP timeout between
// a test and the server.
const maxEventsWait = 30 * time.Second

// eventJSON is an event as the control plane writes it.
type eventJSON struct {
	ID      int64           `json:"id"`
	Time    msTime          `json:"time"`
	Kind    string          `json:"kind"`
	Vendor  imemu.Vendor    `json:"vendor"`
	AppID   uint64          `json:"appId"`
	Payload json.RawMessage `json:"payload"`
	Target  string          `json:"target"`
	Outcome string          `json:"outcome"`
	// Truncated: the payload was over events.MaxPayloadBytes and is
	// replaced by {"truncated":true,"bytes":N}.
	Truncated bool `json:"truncated,omitempty"`
}

func newEventJSON(e events.Event) eventJSON {
	p := e.Payload
	if len(p) == 0 {
		p = json.RawMessage("null")
	}
	return eventJSON{ID: e.ID, Time: msTime(e.Time), Kind: e.Kind, Vendor: e.Vendor, AppID: e.AppID,
		Payload: p, Target: e.Target, Outcome: e.Outcome, Truncated: e.Truncated}
}

// eventsFilter reads the events' filters from the query.
func eventsFilter(q *query) events.Filter {
	f := events.Filter{Kind: q.q.Get("kind"), Vendor: q.vendor("vendor"), AppID: q.uint("app"),
		After: int64(q.uint("after")), Limit: q.positive("limit")}
	if kinds := events.Kinds(); f.Kind != "" && !slices.Contains(kinds, f.Kind) {
		q.fail(badf("kind", "kind must be one of %s, got %q", strings.Join(kinds, ", "), f.Kind))
	}
	return f
}

// handleEvents answers GET /_mock/events with the matching events, oldest
// first. With ?wait=, a long-poll: it answers as soon as one matches, or
// with none when wait has passed.
func (s *server) handleEvents() http.HandlerFunc {
	type response struct {
		Events []eventJSON `json:"events"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		q := newQuery(r)
		f := eventsFilter(q)
		wait := q.duration("wait", maxEventsWait)
		if q.err != nil {
			writeBadInput(w, q.err)
			return
		}
		var list []events.Event
		if wait > 0 {
			ctx, cancel := s.untilShutdown(r.Context())
			defer cancel()
			// The wait is wall time: a frozen emulated clock must not hang it.
			ctx, stop := context.WithTimeout(ctx, wait)
			defer stop()
			list = s.events.Wait(ctx, f)
		} else {
			list = s.events.List(f)
		}
		resp := response{Events: make([]eventJSON, len(list))}
		for i, e := range list {
			resp.Events[i] = newEventJSON(e)
		}
		writeControlJSON(w, http.StatusOK, resp)
	}
}

// handleEventsStream answers GET /_mock/events/stream: matching events as
// Server-Sent Events (event: the event's kind) as they happen.
func (s *server) handleEventsStream() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := newQuery(r)
		f := eventsFilter(q)
		if q.err == nil {
			f.After, q.err = streamStart(r, f.After, s.events.LastID)
		}
		if q.err != nil {
			writeBadInput(w, q.err)
			return
		}
		f.Limit = 0
		s.serveSSE(w, r, f.After, func(ctx context.Context, after int64) []sseEvent {
			f.After = after
			var out []sseEvent
			for _, e := range s.events.Wait(ctx, f) {
				out = append(out, sseEvent{id: e.ID, kind: e.Kind, data: newEventJSON(e)})
			}
			return out
		})
	}
}

// handleClearEvents answers DELETE /_mock/events.
func (s *server) handleClearEvents() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.events.Clear()
		w.WriteHeader(http.StatusNoContent)
	}
}
