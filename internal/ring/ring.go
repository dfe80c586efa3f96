// Package ring is the bounded, ordered log under the journal and the event
// feed: items get increasing IDs, the oldest go when it is full, and
// readers can wait for the next item instead of polling.
package ring

import (
	"context"
	"sync"
)

// Log keeps at most its size of items, oldest first. It is safe for
// concurrent use.
type Log[T any] struct {
	mu      sync.Mutex
	size    int
	items   []T // grows to size, then is a ring whose oldest item is items[start]
	start   int
	nextID  int64
	changed chan struct{} // closed and replaced on every Add
}

// New returns a Log keeping at most size items (at least one).
func New[T any](size int) *Log[T] {
	return &Log[T]{size: max(size, 1), nextID: 1, changed: make(chan struct{})}
}

// Size returns the most items the log keeps.
func (l *Log[T]) Size() int { return l.size }

// Add stores the item that build makes from the next ID, drops the oldest
// item when the log is full, and wakes waiters. It returns the item.
func (l *Log[T]) Add(build func(id int64) T) T {
	l.mu.Lock()
	defer l.mu.Unlock()
	item := build(l.nextID)
	l.nextID++
	// A full log overwrites its oldest item in place: shifting the slice
	// made every Add cost O(size).
	if len(l.items) < l.size {
		l.items = append(l.items, item)
	} else {
		l.items[l.start] = item
		l.start = (l.start + 1) % len(l.items)
	}
	close(l.changed)
	l.changed = make(chan struct{})
	return item
}

// List returns the items match accepts, oldest first; at most limit of
// them when limit is positive.
func (l *Log[T]) List(match func(*T) bool, limit int) []T {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.list(match, limit)
}

func (l *Log[T]) list(match func(*T) bool, limit int) []T {
	out := []T{}
	for i := range l.items {
		item := &l.items[(l.start+i)%len(l.items)]
		if match(item) {
			out = append(out, *item)
			if limit > 0 && len(out) == limit {
				break
			}
		}
	}
	return out
}

// Wait is List as soon as it has at least one item, or an empty list when
// ctx ends first.
func (l *Log[T]) Wait(ctx context.Context, match func(*T) bool, limit int) []T {
	for {
		l.mu.Lock()
		out := l.list(match, limit)
		changed := l.changed
		l.mu.Unlock()
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

// Clear drops every item; IDs keep increasing, so a reader that goes on
// from the last ID it saw misses nothing added later.
func (l *Log[T]) Clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.items) // let the dropped items be collected
	l.items = l.items[:0]
	l.start = 0
}
