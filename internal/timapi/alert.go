package timapi

import (
	"strings"
	"sync"

	"github.com/imemu/imemu/internal/ratelimit"
)

// alertShare is the share of an API's QPS limit past which TIM sends
// Alert.RequestOverLimit: 80% (1047/60256), as the fraction num/den.
const (
	alertNum = 4
	alertDen = 5
)

// maxAlertKeys bounds the alert counters kept; past it, counters of
// seconds gone are dropped.
const maxAlertKeys = 4096

// alerts counts each app's calls to each API per second of the clock, to
// send Alert.RequestOverLimit once in a second in which the calls pass 80%
// of the API's QPS limit. The zero value is ready to use.
type alerts struct {
	mu sync.Mutex
	m  map[ratelimit.Key]*alertWindow
}

// alertWindow is one key's calls in one clock second.
type alertWindow struct {
	second int64
	calls  int
	sent   bool
}

// count records one call at Unix second sec and reports the calls of that
// second when they just passed 80% of qps, which happens at most once a
// second per key.
func (a *alerts) count(k ratelimit.Key, sec int64, qps int) (calls int, alert bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil {
		a.m = map[ratelimit.Key]*alertWindow{}
	}
	w, ok := a.m[k]
	if !ok {
		if len(a.m) >= maxAlertKeys {
			for key, old := range a.m {
				if old.second < sec {
					delete(a.m, key)
				}
			}
		}
		w = &alertWindow{second: sec}
		a.m[k] = w
	}
	if w.second != sec {
		*w = alertWindow{second: sec}
	}
	w.calls++
	if !w.sent && w.calls*alertDen > qps*alertNum {
		w.sent = true
		return w.calls, true
	}
	return w.calls, false
}

// requestOverLimit is Alert.RequestOverLimit's body: Request is the calls
// in the second so far, Limit the API's QPS limit.
type requestOverLimit struct {
	CallbackCommand string
	ServiceName     string
	Command         string
	Request         int
	Limit           int
}

// alertOverLimit counts one call of api and, when it takes the calls of
// this second past 80% of qps, sends Alert.RequestOverLimit to an app with
// a callback URL. With --rate-limit off there are no limits to approach.
func (d *Deps) alertOverLimit(c *call, key ratelimit.Key, qps int) {
	if d.Limiter == nil || qps <= 0 || c.tenant.CallbackURL == "" {
		return
	}
	calls, alert := d.alerts.count(key, c.now.Unix(), qps)
	if !alert {
		return
	}
	service, command, _ := strings.Cut(key.API, "/")
	d.sendCallback(c, cmdRequestOverLimit, requestOverLimit{CallbackCommand: cmdRequestOverLimit,
		ServiceName: service, Command: command, Request: calls, Limit: qps})
}
