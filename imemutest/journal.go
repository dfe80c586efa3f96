package imemutest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/imemu/imemu"
)

// JournalEntry is one vendor request as the server recorded it. Query
// never holds the ZEGO Signature or the TIM usersig.
type JournalEntry struct {
	ID         int64           `json:"id"`
	Time       time.Time       `json:"time"`
	Vendor     imemu.Vendor    `json:"vendor"`
	AppID      uint64          `json:"appId"` // 0 when the request named no valid app
	API        string          `json:"api"`   // ZEGO Action or TIM "service/command"
	RequestID  string          `json:"requestId"`
	Method     string          `json:"method"`
	Path       string          `json:"path"`
	Query      url.Values      `json:"query"`
	Body       json.RawMessage `json:"body"`     // the request's JSON, or a JSON string when it was not JSON
	Response   json.RawMessage `json:"response"` // the answer's JSON
	Code       *int            `json:"code"`     // ZEGO Code or TIM ErrorCode; nil when there was none (a dropped connection)
	HTTPStatus int             `json:"httpStatus"`
	LatencyMs  float64         `json:"latencyMs"`
	Fault      bool            `json:"fault"` // an injected fault answered or delayed it
}

// JournalFilter selects journal entries; zero fields match everything.
type JournalFilter struct {
	Vendor imemu.Vendor
	App    uint64
	API    string
	Code   *int      // only answers with this code (0 is success)
	Since  time.Time // only entries at or after this time
	After  int64     // only entries with a larger ID
	Limit  int       // at most this many, oldest first
}

func (f JournalFilter) query() url.Values {
	q := url.Values{}
	set(q, "vendor", string(f.Vendor))
	setUint(q, "app", f.App)
	set(q, "api", f.API)
	if f.Code != nil {
		q.Set("code", strconv.Itoa(*f.Code))
	}
	if !f.Since.IsZero() {
		q.Set("since", f.Since.UTC().Format(time.RFC3339Nano))
	}
	setUint(q, "after", uint64(f.After))
	setUint(q, "limit", uint64(f.Limit))
	return q
}

// Journal returns the recorded vendor requests that match f, oldest first.
func (s *Server) Journal(t TB, f JournalFilter) []JournalEntry {
	t.Helper()
	var out struct{ Entries []JournalEntry }
	s.call(t, http.MethodGet, "/_mock/journal", f.query(), nil, &out)
	return out.Entries
}

// Journal returns this app's recorded requests that match f.
func (a App) Journal(t TB, f JournalFilter) []JournalEntry {
	t.Helper()
	f.Vendor, f.App = a.Vendor, a.AppID
	return a.srv.Journal(t, f)
}

// ClearJournal empties the journal (of every app).
func (s *Server) ClearJournal(t TB) {
	t.Helper()
	s.call(t, http.MethodDelete, "/_mock/journal", nil, nil, nil)
}

// The kinds of Event.
const (
	KindZegoFriendListChanged = "zego.friendListChanged" // ZIM's push to a user's SDK after their friend list changed
	KindTIMCallback           = "tim.callback"           // a callback posted to a TIM app's callback URL
)

// Event is a notification the vendor would have sent: a ZEGO
// friendListChanged push, or a TIM callback delivery.
type Event struct {
	ID      int64           `json:"id"`
	Time    time.Time       `json:"time"`
	Kind    string          `json:"kind"`
	Vendor  imemu.Vendor    `json:"vendor"`
	AppID   uint64          `json:"appId"`
	Payload json.RawMessage `json:"payload"` // ZEGO: {"userId","action","friendUserIds"}; TIM: the callback body
	Target  string          `json:"target"`  // ZEGO: the user notified; TIM: the callback URL
	Outcome string          `json:"outcome"` // TIM: "delivered: HTTP 200", "failed: …"
}

// EventFilter selects events; zero fields match everything.
type EventFilter struct {
	Kind   string // one of the Kind* constants, e.g. KindZegoFriendListChanged or KindTIMCallback
	Vendor imemu.Vendor
	App    uint64
	After  int64 // only events with a larger ID
	Limit  int   // at most this many, oldest first
}

func (f EventFilter) query() url.Values {
	q := url.Values{}
	set(q, "kind", f.Kind)
	set(q, "vendor", string(f.Vendor))
	setUint(q, "app", f.App)
	setUint(q, "after", uint64(f.After))
	setUint(q, "limit", uint64(f.Limit))
	return q
}

// Events returns the recorded events that match f, oldest first, without
// waiting.
func (s *Server) Events(t TB, f EventFilter) []Event {
	t.Helper()
	var out struct{ Events []Event }
	s.call(t, http.MethodGet, "/_mock/events", f.query(), nil, &out)
	return out.Events
}

// maxWait is the longest long-poll the server holds.
const maxWait = 30 * time.Second

// WaitEvents returns the events that match f as soon as there is at least
// one, long-polling the server (no sleeps). It fails t if ctx ends first;
// give ctx a deadline.
func (s *Server) WaitEvents(t TB, ctx context.Context, f EventFilter) []Event {
	t.Helper()
	q := f.query()
	for {
		wait := maxWait
		if d, ok := ctx.Deadline(); ok {
			wait = min(wait, time.Until(d).Truncate(time.Millisecond))
		}
		if wait <= 0 {
			t.Fatalf("imemutest: no event matching %v before the deadline", q)
			return nil
		}
		q.Set("wait", wait.String())
		var out struct{ Events []Event }
		if err := s.do(ctx, http.MethodGet, "/_mock/events", q, nil, &out); err != nil {
			t.Fatalf("imemutest: waiting for events %v: %v", q, err)
			return nil
		}
		if len(out.Events) > 0 {
			return out.Events
		}
	}
}

// Events returns this app's events that match f.
func (a App) Events(t TB, f EventFilter) []Event {
	t.Helper()
	f.Vendor, f.App = a.Vendor, a.AppID
	return a.srv.Events(t, f)
}

// WaitEvents waits for this app's events that match f; see
// Server.WaitEvents.
func (a App) WaitEvents(t TB, ctx context.Context, f EventFilter) []Event {
	t.Helper()
	f.Vendor, f.App = a.Vendor, a.AppID
	return a.srv.WaitEvents(t, ctx, f)
}

// ClearEvents drops every recorded event; IDs keep increasing.
func (s *Server) ClearEvents(t TB) {
	t.Helper()
	s.call(t, http.MethodDelete, "/_mock/events", nil, nil, nil)
}

func set(q url.Values, k, v string) {
	if v != "" {
		q.Set(k, v)
	}
}

func setUint(q url.Values, k string, v uint64) {
	if v != 0 {
		q.Set(k, strconv.FormatUint(v, 10))
	}
}
