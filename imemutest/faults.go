package imemutest

import (
	"net/http"
	"net/url"
	"time"

	"github.com/imemu/imemu"
)

// FaultSpec is a fault rule: requests of Vendor (and App, API and User when
// set) are answered with Code, delayed by LatencyMs or dropped, for the
// next Times matches, for DurationMs of the server's clock, or with
// Probability. At least one of Code, LatencyMs and Drop must be set.
type FaultSpec struct {
	Vendor      imemu.Vendor `json:"vendor"`
	App         uint64       `json:"app,omitempty"`
	API         string       `json:"api,omitempty"`         // ZEGO Action or TIM "service/command"
	User        string       `json:"user,omitempty"`        // matches FromUserId / From_Account
	Code        int          `json:"code,omitempty"`        // a code of the vendor's codes table, e.g. ZEGO 660000001, TIM 30006
	LatencyMs   int64        `json:"latencyMs,omitempty"`   // delay, then proceed or answer Code
	Drop        bool         `json:"drop,omitempty"`        // close the connection without an answer
	Times       int          `json:"times,omitempty"`       // the next N matching requests
	DurationMs  int64        `json:"durationMs,omitempty"`  // active this long on the server's clock
	Probability float64      `json:"probability,omitempty"` // 0 < p ≤ 1, drawn from Seed
	Seed        *int64       `json:"seed,omitempty"`        // with Probability; nil: the server draws one and reports it
}

// Fault is a fault rule as the server holds it.
type Fault struct {
	ID string `json:"id"`
	FaultSpec
	Matched   int        `json:"matched"`   // requests it acted on
	Remaining *int       `json:"remaining"` // matches left; nil without Times
	ExpiresAt *time.Time `json:"expiresAt"` // nil without DurationMs
}

// AddFault adds a fault rule and returns it. An answered fault changes no
// state and looks on the wire exactly like the vendor's own answer.
func (s *Server) AddFault(t TB, f FaultSpec) Fault {
	t.Helper()
	var out Fault
	s.call(t, http.MethodPost, "/_mock/faults", nil, f, &out)
	return out
}

// AddFault adds a fault rule for this app.
func (a App) AddFault(t TB, f FaultSpec) Fault {
	t.Helper()
	f.Vendor, f.App = a.Vendor, a.AppID
	return a.srv.AddFault(t, f)
}

// Faults lists the fault rules.
func (s *Server) Faults(t TB) []Fault {
	t.Helper()
	var out struct{ Faults []Fault }
	s.call(t, http.MethodGet, "/_mock/faults", nil, nil, &out)
	return out.Faults
}

// DeleteFault deletes one fault rule; it fails t if there is none.
func (s *Server) DeleteFault(t TB, id string) {
	t.Helper()
	s.call(t, http.MethodDelete, "/_mock/faults/"+url.PathEscape(id), nil, nil, nil)
}

// DeleteFaults deletes every fault rule.
func (s *Server) DeleteFaults(t TB) {
	t.Helper()
	s.call(t, http.MethodDelete, "/_mock/faults", nil, nil, nil)
}
