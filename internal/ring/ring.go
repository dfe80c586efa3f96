// Package ring is the bounded, ordered log under the journal and the event
// feed: items get increasing IDs, the oldest go when it is full, and
// readers can wait for the next item instead of polling.
//
// A log is full by count (its size) and, when it has one, by bytes (its
// budget, against each item's weight): memory stays bounded however large
// the items are.
package ring

import (
	"context"
	"sync"
)

// Log keeps at most its size of items, oldest first, and drops the oldest
// while their weights add up to more than its budget (the newest item
// always stays). It is safe for concurrent use.
type Log[T any] struct {
	mu      sync.Mutex
	size    int
	budget  int64          // 0: no byte budget
	weigh   func(*T) int64 // the bytes an item holds; nil with no budget
	items   []T            // items[head:] are kept, oldest first
	weights []int64        // weights[i] is items[i]'s weight
	head    int
	bytes   int64 // sum of the kept items' weights
	nextID  int64
	changed chan struct{} // closed and replaced on every Add
}

// New returns a Log keeping at most size items (at least one).
func New[T any](size int) *Log[T] {
	return &Log[T]{size: max(size, 1), nextID: 1, changed: make(chan struct{})}
}

// NewBudget returns a Log keeping at most size items whose weights, by
// weigh, add up to at most budget bytes (no byte bound when budget is not
// positive). The newest item is kept even when it alone is over budget:
// callers cut what they add to a bounded size.
func NewBudget[T any](size int, budget int64, weigh func(*T) int64) *Log[T] {
	l := New[T](size)
	if budget > 0 {
		l.budget, l.weigh = budget, weigh
	}
	return l
}

// Size returns the most items the log keeps.
func (l *Log[T]) Size() int { return l.size }

// Budget returns the most bytes the log keeps (0: no byte bound).
func (l *Log[T]) Budget() int64 { return l.budget }

// Bytes returns the weight of the items kept now.
func (l *Log[T]) Bytes() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.bytes
}

// Add stores the item that build makes from the next ID, drops the oldest
// items while the log is over its size or budget, and wakes waiters. It
// returns the item.
func (l *Log[T]) Add(build func(id int64) T) T {
	l.mu.Lock()
	defer l.mu.Unlock()
	// Weighed in place: &item passed to weigh would move every item to
	// the heap before it is copied into the slice.
	l.items = append(l.items, build(l.nextID))
	l.nextID++
	item := l.items[len(l.items)-1]
	var w int64
	if l.weigh != nil {
		w = l.weigh(&l.items[len(l.items)-1])
	}
	l.weights = append(l.weights, w)
	l.bytes += w
	for n := len(l.items) - l.head; n > l.size || (l.budget > 0 && l.bytes > l.budget && n > 1); n-- {
		l.dropOldest()
	}
	close(l.changed)
	l.changed = make(chan struct{})
	return item
}

// AddAll stores n items as n calls of Add would, build making item i from
// its ID, under one lock and with one wake-up: a request that records
// thousands of items pays for neither a lock nor a channel per item.
func (l *Log[T]) AddAll(n int, build func(i int, id int64) T) {
	if n <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range n {
		l.items = append(l.items, build(i, l.nextID))
		l.nextID++
		var w int64
		if l.weigh != nil {
			w = l.weigh(&l.items[len(l.items)-1])
		}
		l.weights = append(l.weights, w)
		l.bytes += w
		for k := len(l.items) - l.head; k > l.size || (l.budget > 0 && l.bytes > l.budget && k > 1); k-- {
			l.dropOldest()
		}
	}
	close(l.changed)
	l.changed = make(chan struct{})
}

// dropOldest forgets the oldest item. The kept items move to the front
// once the dropped ones are the larger part of the slice, so each Add
// costs O(1) amortised and dropped items can be collected.
func (l *Log[T]) dropOldest() {
	var zero T
	l.items[l.head] = zero
	l.bytes -= l.weights[l.head]
	l.head++
	if l.head >= 32 && l.head*2 >= len(l.items) {
		n := copy(l.items, l.items[l.head:])
		clear(l.items[n:])
		l.items = l.items[:n]
		l.weights = l.weights[:copy(l.weights, l.weights[l.head:])]
		l.head = 0
	}
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
	for i := l.head; i < len(l.items); i++ {
		if item := &l.items[i]; match(item) {
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

// LastID returns the ID of the newest item ever added (0 before the
// first), kept or not: a reader that goes on from it sees only what is
// added afterwards.
func (l *Log[T]) LastID() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.nextID - 1
}

// Clear drops every item; IDs keep increasing, so a reader that goes on
// from the last ID it saw misses nothing added later.
func (l *Log[T]) Clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.items) // let the dropped items be collected
	l.items, l.weights = l.items[:0], l.weights[:0]
	l.head, l.bytes = 0, 0
}
