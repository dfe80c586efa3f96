package imemutest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/imemu/imemu/fixtures"
)

// Reset puts every app back to its baseline: fixtures apps to the
// fixtures, and apps made by NewZegoApp or NewTIMApp are deleted. It
// returns the apps reset, as "vendor/appId". Parallel tests sharing a
// server should use App.Reset.
func (s *Server) Reset(t TB) []string {
	t.Helper()
	var out struct{ Reset []string }
	s.call(t, http.MethodPost, "/_mock/reset", nil, nil, &out)
	return out.Reset
}

// Reset puts the app back to its state when it was created (fixtures apps:
// the fixtures).
func (a App) Reset(t TB) {
	t.Helper()
	a.srv.call(t, http.MethodPost, "/_mock/reset", a.query(), nil, nil)
}

// query selects this app: ?vendor=&app=.
func (a App) query() url.Values {
	return url.Values{"vendor": {string(a.Vendor)}, "app": {strconv.FormatUint(a.AppID, 10)}}
}

// State exports every app, secrets included, in the fixtures format: what
// PutState and the --fixtures flag take.
func (s *Server) State(t TB) fixtures.File {
	t.Helper()
	var f fixtures.File
	s.call(t, http.MethodGet, "/_mock/state", url.Values{"secrets": {"true"}}, nil, &f)
	return f
}

// PutState replaces the whole state with f atomically: validated as at
// start-up, all or nothing. It returns the apps now present.
func (s *Server) PutState(t TB, f fixtures.File) []string {
	t.Helper()
	var out struct{ Apps []string }
	s.call(t, http.MethodPut, "/_mock/state", nil, f, &out)
	return out.Apps
}

// State exports the app, secret included, in the fixtures format.
func (a App) State(t TB) fixtures.App {
	t.Helper()
	var f fixtures.File
	q := a.query()
	q.Set("secrets", "true")
	a.srv.call(t, http.MethodGet, "/_mock/state", q, nil, &f)
	if len(f.Apps) != 1 {
		t.Fatalf("imemutest: state of %s holds %d apps", a.Key(), len(f.Apps))
	}
	return f.Apps[0]
}

// PutState replaces the app's users and friendships (and settings) with
// st, which must be this app; an empty Secret keeps the app's secret.
func (a App) PutState(t TB, st fixtures.App) {
	t.Helper()
	st.Vendor, st.AppID = a.Vendor, a.AppID
	a.srv.call(t, http.MethodPut, "/_mock/state", a.query(), fixtures.File{Apps: []fixtures.App{st}}, nil)
}

// Snapshot is a named copy of state taken with Server.Snapshot or
// App.Snapshot.
type Snapshot struct {
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
	Apps      []string  `json:"apps"` // "vendor/appId"
}

type newSnapshot struct {
	Name   string `json:"name"`
	Vendor string `json:"vendor,omitempty"`
	App    uint64 `json:"app,omitempty"`
}

// Snapshot saves every app under name (1–64 of A-Z a-z 0-9 . _ -); the
// name must be new.
func (s *Server) Snapshot(t TB, name string) Snapshot {
	t.Helper()
	var out Snapshot
	s.call(t, http.MethodPost, "/_mock/snapshots", nil, newSnapshot{Name: name}, &out)
	return out
}

// Snapshot saves this app alone under name; restoring it touches no other
// app.
func (a App) Snapshot(t TB, name string) Snapshot {
	t.Helper()
	var out Snapshot
	a.srv.call(t, http.MethodPost, "/_mock/snapshots", nil, newSnapshot{Name: name, Vendor: string(a.Vendor), App: a.AppID}, &out)
	return out
}

// Snapshots lists the snapshots.
func (s *Server) Snapshots(t TB) []Snapshot {
	t.Helper()
	var out struct{ Snapshots []Snapshot }
	s.call(t, http.MethodGet, "/_mock/snapshots", nil, nil, &out)
	return out.Snapshots
}

// Restore replaces exactly the apps the snapshot holds with their saved
// state and returns them.
func (s *Server) Restore(t TB, name string) []string {
	t.Helper()
	var out struct{ Apps []string }
	s.call(t, http.MethodPost, fmt.Sprintf("/_mock/snapshots/%s/restore", url.PathEscape(name)), nil, nil, &out)
	return out.Apps
}

// DeleteSnapshot deletes a snapshot; it fails t if there is none.
func (s *Server) DeleteSnapshot(t TB, name string) {
	t.Helper()
	s.call(t, http.MethodDelete, "/_mock/snapshots/"+url.PathEscape(name), nil, nil, nil)
}

// ClockState is the server's clock as GET /_mock/clock shows it.
type ClockState struct {
	Now      time.Time `json:"now"`
	Frozen   bool      `json:"frozen"`
	OffsetMs int64     `json:"offsetMs"` // emulated minus real time
}

// Clock reads the server's clock, which drives signature windows, UserSig
// expiry, rate limits and friend timestamps.
func (s *Server) Clock(t TB) ClockState {
	t.Helper()
	var c ClockState
	s.call(t, http.MethodGet, "/_mock/clock", nil, nil, &c)
	return c
}

func (s *Server) changeClock(t TB, change map[string]any) ClockState {
	t.Helper()
	var c ClockState
	s.call(t, http.MethodPost, "/_mock/clock", nil, change, &c)
	return c
}

// FreezeClock stops the server's clock at its current time.
func (s *Server) FreezeClock(t TB) ClockState {
	t.Helper()
	return s.changeClock(t, map[string]any{"freeze": true})
}

// UnfreezeClock lets a frozen clock run on from where it stands.
func (s *Server) UnfreezeClock(t TB) ClockState {
	t.Helper()
	return s.changeClock(t, map[string]any{"freeze": false})
}

// SetClock moves the server's clock to at; it runs on from there.
func (s *Server) SetClock(t TB, at time.Time) ClockState {
	t.Helper()
	return s.changeClock(t, map[string]any{"set": at.UTC().Format(time.RFC3339Nano)})
}

// AdvanceClock moves the server's clock by d, which may be negative.
func (s *Server) AdvanceClock(t TB, d time.Duration) ClockState {
	t.Helper()
	return s.changeClock(t, map[string]any{"advance": d.String()})
}

// ResetClock puts the server's clock back on real time (Options.Now),
// running.
func (s *Server) ResetClock(t TB) ClockState {
	t.Helper()
	return s.changeClock(t, map[string]any{"reset": true})
}

// OpenAPI returns the OpenAPI 3.0 document of the control plane.
func (s *Server) OpenAPI(t TB) []byte {
	t.Helper()
	var doc json.RawMessage
	s.call(t, http.MethodGet, "/_mock/openapi.json", nil, nil, &doc)
	return doc
}
