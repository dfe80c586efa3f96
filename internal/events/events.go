// Package events records what the emulated vendors would have notified:
// ZEGO friendListChanged pushes to client SDKs and TIM callback deliveries
// to the app's backend. Tests read them instead of sleeping.
package events

import (
	"context"
	"encoding/json"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/ring"
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

func (f Filter) match(e *Event) bool {
	return e.ID > f.After && (f.Kind == "" || e.Kind == f.Kind) &&
		(f.Vendor == "" || e.Vendor == f.Vendor) && (f.AppID == 0 || e.AppID == f.AppID)
}

// Feed is a bounded, ordered log of events: when full, the oldest go. It
// is safe for concurrent use.
type Feed struct {
	log *ring.Log[Event]
}

// NewFeed returns a Feed keeping at most capacity events (10,000 when
// capacity is not positive).
func NewFeed(capacity int) *Feed {
	if capacity <= 0 {
		capacity = 10000
	}
	return &Feed{log: ring.New[Event](capacity)}
}

// Publish appends e, assigning its ID, and wakes waiters. Payload values
// that are not json.RawMessage are marshalled.
func (f *Feed) Publish(e Event) Event {
	return f.log.Add(func(id int64) Event {
		e.ID = id
		return e
	})
}

// List returns the events that match filter, oldest first.
func (f *Feed) List(filter Filter) []Event {
	return f.log.List(filter.match, filter.Limit)
}

// Wait returns the events matching filter as soon as there is at least
// one, or an empty list when ctx ends first.
func (f *Feed) Wait(ctx context.Context, filter Filter) []Event {
	return f.log.Wait(ctx, filter.match, filter.Limit)
}

// Clear drops every event; IDs keep increasing.
func (f *Feed) Clear() { f.log.Clear() }

// MustJSON marshals v for an Event payload; v must be JSON-marshallable
// (plain structs and maps), which is a programming error otherwise.
func MustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("events: payload not marshallable: " + err.Error())
	}
	return b
}
