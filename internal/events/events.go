// Package events records what the emulated vendors would have notified:
// ZEGO friendListChanged pushes to client SDKs and TIM callback deliveries
// to the app's backend. Tests read them instead of sleeping.
package events

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/imemu/imemu"
)

// Kinds of event.
const (
	KindZegoFriendListChanged = "zego.friendListChanged" // a user's friend list changed (SDK push)
	KindTIMCallback           = "tim.callback"           // a callback was delivered (or failed) to the app backend
)

// Event is one recorded notification.
type Event struct {
	ID      int64           `json:"id"`
	Time    time.Time       `json:"time"`
	Kind    string          `json:"kind"`
	Vendor  imemu.Vendor    `json:"vendor"`
	AppID   uint64          `json:"appId"`
	Payload json.RawMessage `json:"payload"`           // what the vendor would send
	Target  string          `json:"target,omitempty"`  // user notified, or callback URL
	Outcome string          `json:"outcome,omitempty"` // delivery result, for callbacks
}

// Filter selects events; zero fields match everything.
type Filter struct {
	Kind   string
	Vendor imemu.Vendor
	AppID  uint64
	After  int64 // only events with a larger ID
	Limit  int   // at most this many, oldest first; 0 = all
}

func (f Filter) match(e Event) bool {
	return e.ID > f.After && (f.Kind == "" || e.Kind == f.Kind) &&
		(f.Vendor == "" || e.Vendor == f.Vendor) && (f.AppID == 0 || e.AppID == f.AppID)
}

// Feed is a bounded, ordered log of events: when full, the oldest go. It
// is safe for concurrent use.
type Feed struct {
	mu      sync.Mutex
	cap     int
	events  []Event // grows to cap, then is a ring whose oldest event is events[start]
	start   int
	nextID  int64
	changed chan struct{} // closed and replaced on every Publish
}

// NewFeed returns a Feed keeping at most capacity events.
func NewFeed(capacity int) *Feed {
	if capacity <= 0 {
		capacity = 10000
	}
	return &Feed{cap: capacity, nextID: 1, changed: make(chan struct{})}
}

// Publish appends e, assigning its ID, and wakes waiters. Payload values
// that are not json.RawMessage are marshalled.
func (f *Feed) Publish(e Event) Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	e.ID = f.nextID
	f.nextID++
	// A full feed overwrites its oldest event in place: shifting the whole
	// slice made every publish cost O(cap), and a delete-all that
	// publishes one event per former friend quadratic.
	if len(f.events) < f.cap {
		f.events = append(f.events, e)
	} else {
		f.events[f.start] = e
		f.start = (f.start + 1) % len(f.events)
	}
	close(f.changed)
	f.changed = make(chan struct{})
	return e
}

// List returns the events that match filter, oldest first.
func (f *Feed) List(filter Filter) []Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.list(filter)
}

func (f *Feed) list(filter Filter) []Event {
	out := []Event{}
	for i := range f.events {
		e := f.events[(f.start+i)%len(f.events)]
		if filter.match(e) {
			out = append(out, e)
			if filter.Limit > 0 && len(out) == filter.Limit {
				break
			}
		}
	}
	return out
}

// Wait returns the events matching filter as soon as there is at least
// one, or an empty list when ctx ends first.
func (f *Feed) Wait(ctx context.Context, filter Filter) []Event {
	for {
		f.mu.Lock()
		out := f.list(filter)
		changed := f.changed
		f.mu.Unlock()
		if len(out) > 0 {
			return out
		}
		select {
		case <-ctx.Done():
			return out
		case <-changed:
		}
	}
}

// Clear drops every event; IDs keep increasing.
func (f *Feed) Clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = f.events[:0]
	f.start = 0
}

// MustJSON marshals v for an Event payload; v must be JSON-marshallable
// (plain structs and maps), which is a programming error otherwise.
func MustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("events: payload not marshallable: " + err.Error())
	}
	return b
}
