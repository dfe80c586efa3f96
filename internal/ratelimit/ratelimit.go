// Package ratelimit emulates the vendors' per-app, per-API QPS limits with
// token buckets (golang.org/x/time/rate) driven by the injected clock, so
// tests can exhaust a bucket and refill it by moving time instead of
// sleeping.
package ratelimit

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/imemu/imemu"
)

// Key names one bucket: an app's calls to one API.
type Key struct {
	App imemu.AppKey
	API string
}

// Limiter holds one token bucket per Key. The zero value is not usable; a
// nil *Limiter allows everything (--rate-limit off).
type Limiter struct {
	mu      sync.Mutex
	buckets map[Key]*rate.Limiter
}

// New returns a Limiter with no buckets yet.
func New() *Limiter { return &Limiter{buckets: map[Key]*rate.Limiter{}} }

// Allow takes one token from k's bucket at time now, creating the bucket
// full at qps calls per second (burst qps) on first use or when qps
// changed, and reports whether there was one.
func (l *Limiter) Allow(k Key, qps int, now time.Time) bool {
	if l == nil || qps <= 0 {
		return true
	}
	l.mu.Lock()
	b, ok := l.buckets[k]
	if !ok || b.Burst() != qps {
		b = rate.NewLimiter(rate.Limit(qps), qps)
		l.buckets[k] = b
	}
	l.mu.Unlock()
	return b.AllowN(now, 1)
}

// Forget drops every bucket of app, e.g. when the app is reset or deleted.
func (l *Limiter) Forget(app imemu.AppKey) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for k := range l.buckets {
		if k.App == app {
			delete(l.buckets, k)
		}
	}
}

// Reset drops every bucket.
func (l *Limiter) Reset() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.buckets)
}
