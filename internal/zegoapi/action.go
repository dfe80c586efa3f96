package zegoapi

import (
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/explain"
	"github.com/imemu/imemu/internal/ratelimit"
)

// Limits ZEGO documents for its friend Actions.
const (
	DefaultQPS      = 20   // calls per second per app and Action
	DefaultBatchMax = 20   // targets per friend batch call
	MaxBatchMax     = 50   // the most ZEGO raises the friend batch cap to on request
	MaxFriends      = 3000 // friends one user may have
)

// batchMax is the app's friend batch cap: its configured limit (default
// DefaultBatchMax), never above MaxBatchMax.
func batchMax(t imemu.Tenant) int { return min(t.Limits.BatchMaxOr(DefaultBatchMax), MaxBatchMax) }

// call is one request to an Action that passed the gateway.
type call struct {
	*Deps
	r      *http.Request
	tenant imemu.Tenant
	now    time.Time
	body   []byte // the request body; empty when there was none
}

// actionSpec says how an Action is called.
type actionSpec struct {
	name      string // the Action, also the rate-limit bucket's name
	method    string // the one HTTP method the Action answers
	limitCode int    // the code for a call over the QPS limit
}

// action returns the handler of one Action. After the gateway's checks it
// goes on, answering the first failure: the HTTP method must be the
// Action's (else CodeParamError); a rate-limit token is taken (else the
// Action's limit code); the body is read (else CodeBodyRead). Then run
// validates the body and does the work, and its reply or error is rendered.
func action(d *Deps, spec actionSpec, run func(c *call) (reply, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rep, err := serveAction(d, spec, r, run)
		respond(w, r, d.Logger, rep, err)
	})
}

func serveAction(d *Deps, spec actionSpec, r *http.Request, run func(c *call) (reply, error)) (reply, error) {
	t, ok := tenantFrom(r.Context())
	if !ok {
		return nil, errors.New("zegoapi: " + spec.name + " handler called without the gateway")
	}
	if r.Method != spec.method {
		return nil, errorf(CodeParamError, "Action %s must be called with %s, got %s", spec.name, spec.method, quote(r.Method))
	}
	now := d.Clock.Now()
	key := ratelimit.Key{App: t.Key(), API: spec.name}
	if !d.Limiter.Allow(key, t.Limits.QPSFor(spec.name, DefaultQPS), now) {
		return nil, errorf(spec.limitCode, "%s allows %d calls per second", spec.name, t.Limits.QPSFor(spec.name, DefaultQPS))
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, errorf(CodeBodyRead, "%s", explain.BodyRead(err))
	}
	return run(&call{Deps: d, r: r, tenant: t, now: now, body: body})
}

// batchError returns nil when at least one item of a batch succeeded.
// When every item failed it returns the error a ZEGO batch answers with
// then: non-zero Code, with the failures still listed. imemu's Code is the
// SubCode of the first failure in request order, so a batch whose items
// all failed for one reason answers with that reason. firstSubCode is 0
// when nothing failed; list names the Action's list of failures.
func batchError(succeeded int, firstSubCode int, list string) error {
	if succeeded > 0 || firstSubCode == 0 {
		return nil
	}
	return errorf(firstSubCode, "every item failed; see %s", list)
}
