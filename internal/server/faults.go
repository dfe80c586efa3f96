package server

import (
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/faults"
	"github.com/imemu/imemu/internal/timapi"
	"github.com/imemu/imemu/internal/zegoapi"
)

// maxFaultLatency bounds an injected delay, inside the server's write
// timeout.
const maxFaultLatency = 30 * time.Second

// knownCode and writeCode are each vendor's codes table and writer.
var (
	knownCode = map[imemu.Vendor]func(int) bool{imemu.VendorZego: zegoapi.KnownCode, imemu.VendorTIM: timapi.KnownCode}
	writeCode = map[imemu.Vendor]func(http.ResponseWriter, *http.Request, int){
		imemu.VendorZego: zegoapi.WriteCode, imemu.VendorTIM: timapi.WriteCode,
	}
)

// injectFaults is the fault middleware of a vendor's routes, inside the
// journal's: when a rule fires it waits its latency, then drops the
// connection, answers its code through the vendor's own writer without
// reaching the handler (so no state changes), or lets the request through.
// Rules fire before the vendor's own checks, signatures included.
func (s *server) injectFaults(vendor imemu.Vendor) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			call := vendorCallFrom(r.Context())
			if call == nil {
				call = newVendorCall(vendor, r)
			}
			f, ok := s.faults.Match(faults.Request{Vendor: vendor, AppID: call.appID, API: call.api, User: call.user}, s.clock.Now())
			if !ok {
				next.ServeHTTP(w, r)
				return
			}
			call.fault = true
			if f.Latency > 0 {
				// Real time: the emulated clock may be frozen. Not cut
				// short when the client's side closes: a client that
				// half-closes after its request still waits for the answer,
				// and writing to one that left costs nothing. A shutdown
				// answers at once.
				t := time.NewTimer(f.Latency)
				select {
				case <-t.C:
				case <-s.cfg.Done:
					t.Stop()
				}
			}
			switch {
			case f.Drop:
				if call.record != nil {
					call.record()
				}
				dropConnection(w)
			case f.Code != 0:
				writeCode[vendor](w, r, f.Code)
			default:
				next.ServeHTTP(w, r)
			}
		})
	}
}

// dropConnection closes the request's connection without an answer. Where
// the connection cannot be taken over (HTTP/2), aborting the handler
// resets the stream instead.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// faultRequest is the body of POST /_mock/faults.
type faultRequest struct {
	Vendor      imemu.Vendor `json:"vendor"`
	App         uint64       `json:"app"`
	API         string       `json:"api"`
	User        string       `json:"user"`
	Code        *int         `json:"code"`
	LatencyMs   int64        `json:"latencyMs"`
	Drop        bool         `json:"drop"`
	Times       *int         `json:"times"`
	DurationMs  *int64       `json:"durationMs"`
	Probability *float64     `json:"probability"`
	Seed        *int64       `json:"seed"`
}

// rule checks the request and turns it into a rule.
func (req faultRequest) rule() (faults.Rule, *badInput) {
	r := faults.Rule{Vendor: req.Vendor, AppID: req.App, API: req.API, User: req.User, Drop: req.Drop}
	switch {
	case !req.Vendor.Valid():
		return r, badf("vendor", "vendor must be zego or tim, got %q", req.Vendor)
	case req.App > req.Vendor.MaxAppID():
		return r, badf("app", "app %d is out of range for %s", req.App, req.Vendor)
	case req.Code == nil && req.LatencyMs == 0 && !req.Drop:
		return r, badf("code", "give at least one of code, latencyMs or drop")
	case req.Code != nil && (*req.Code == 0 || !knownCode[req.Vendor](*req.Code)):
		return r, badf("code", "%d is not a %s error code imemu knows; see the codes table in docs/%s.md", *req.Code, req.Vendor, req.Vendor)
	case req.Code != nil && req.Drop:
		return r, badf("drop", "drop and code exclude each other: a dropped connection has no answer")
	case req.LatencyMs < 0 || time.Duration(req.LatencyMs)*time.Millisecond > maxFaultLatency:
		return r, badf("latencyMs", "latencyMs must be from 0 to %d, got %d", maxFaultLatency.Milliseconds(), req.LatencyMs)
	case req.Times != nil && *req.Times < 1:
		return r, badf("times", "times must be at least 1, got %d", *req.Times)
	case req.DurationMs != nil && *req.DurationMs < 1:
		return r, badf("durationMs", "durationMs must be at least 1, got %d", *req.DurationMs)
	case req.Probability != nil && !(*req.Probability > 0 && *req.Probability <= 1):
		return r, badf("probability", "probability must be above 0 and at most 1, got %v", *req.Probability)
	case req.Seed != nil && req.Probability == nil:
		return r, badf("seed", "seed needs probability")
	}
	if req.Code != nil {
		r.Code = *req.Code
	}
	r.Latency = time.Duration(req.LatencyMs) * time.Millisecond
	if req.Times != nil {
		r.Times = *req.Times
	}
	if req.DurationMs != nil {
		r.Duration = time.Duration(*req.DurationMs) * time.Millisecond
	}
	if req.Probability != nil {
		r.Probability = *req.Probability
		// Without a seed, draw one and report it, so a run that failed
		// can be repeated.
		seed := rand.Int64()
		if req.Seed != nil {
			seed = *req.Seed
		}
		r.Seed = uint64(seed)
	}
	return r, nil
}

// faultJSON is a fault as the control plane writes it: the fields the
// request gave (and the seed drawn for it), and the rule's state.
type faultJSON struct {
	ID          string       `json:"id"`
	Vendor      imemu.Vendor `json:"vendor"`
	App         uint64       `json:"app,omitempty"`
	API         string       `json:"api,omitempty"`
	User        string       `json:"user,omitempty"`
	Code        int          `json:"code,omitempty"`
	LatencyMs   int64        `json:"latencyMs"`
	Drop        bool         `json:"drop"`
	Times       int          `json:"times,omitempty"`
	DurationMs  int64        `json:"durationMs,omitempty"`
	Probability float64      `json:"probability,omitempty"`
	Seed        *int64       `json:"seed,omitempty"` // a pointer: 0 is a seed
	Matched     int          `json:"matched"`
	Remaining   *int         `json:"remaining"`
	ExpiresAt   *msTime      `json:"expiresAt"`
}

func newFaultJSON(f faults.Fault) faultJSON {
	out := faultJSON{ID: f.ID, Vendor: f.Vendor, App: f.AppID, API: f.API, User: f.User, Code: f.Code,
		LatencyMs: f.Latency.Milliseconds(), Drop: f.Drop, Times: f.Times, DurationMs: f.Duration.Milliseconds(),
		Probability: f.Probability, Matched: f.Matched, ExpiresAt: optTime(f.ExpiresAt)}
	if rem, ok := f.Remaining(); ok {
		out.Remaining = &rem
	}
	if f.Probability != 0 {
		seed := int64(f.Seed)
		out.Seed = &seed
	}
	return out
}

// handleAddFault answers POST /_mock/faults.
func (s *server) handleAddFault() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req faultRequest
		if e := decodeBody(r, &req); e != nil {
			writeBadInput(w, e)
			return
		}
		rule, e := req.rule()
		if e != nil {
			writeBadInput(w, e)
			return
		}
		writeControlJSON(w, http.StatusCreated, newFaultJSON(s.faults.Add(rule, s.clock.Now())))
	}
}

// handleListFaults answers GET /_mock/faults, in the order they were
// added (which is the order they are tried in).
func (s *server) handleListFaults() http.HandlerFunc {
	type response struct {
		Faults []faultJSON `json:"faults"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		list := s.faults.List()
		resp := response{Faults: make([]faultJSON, len(list))}
		for i, f := range list {
			resp.Faults[i] = newFaultJSON(f)
		}
		writeControlJSON(w, http.StatusOK, resp)
	}
}

// handleClearFaults answers DELETE /_mock/faults.
func (s *server) handleClearFaults() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.faults.Clear()
		w.WriteHeader(http.StatusNoContent)
	}
}

// handleDeleteFault answers DELETE /_mock/faults/{id}.
func (s *server) handleDeleteFault() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := chi.URLParam(r, "id")
		if !s.faults.Delete(id) {
			writeControlError(w, http.StatusNotFound, "id", "fault %q does not exist", id)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
