package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
)

// newMovingMock is newMock whose store and server share one controlled
// clock, as in mockserver, with the fixtures loaded the way run loads
// them (stamped once at the load); the returned clock moves both.
func newMovingMock(t *testing.T) (*mock, *clock.Controlled) {
	t.Helper()
	clk := clock.NewControlled(clock.Fixed(testNow))
	st, err := store.Open(context.Background(), store.Memory, clk)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	apps := fixtures.Stamp(fixtures.Default(), clk.Now())
	require.NoError(t, st.ReplaceApps(context.Background(), apps, nil))
	return newMockOnClock(t, apps, st, clk), clk
}

// TestResetRestoresExactTimes: a reset, whole or per app, brings back the
// state as it was loaded, friendship times and app createdAt included,
// however far the clock has moved since.
func TestResetRestoresExactTimes(t *testing.T) {
	m, clk := newMovingMock(t)
	loaded := m.state()
	require.Contains(t, loaded, `"createdAt":"2026-11-23T12:00:00Z"`)

	clk.Shift(36 * time.Hour)
	m.ok(http.StatusOK, http.MethodPost, "/_mock/reset", nil)
	assert.Equal(t, loaded, m.state(), "whole reset")

	clk.Shift(time.Hour)
	m.ok(http.StatusOK, http.MethodPost, "/_mock/reset?vendor=tim&app=1400000000", nil)
	assert.Equal(t, loaded, m.state(), "per-app reset")

	// An app created through the control plane resets to its creation.
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/apps", `{"vendor":"zego","appId":1000000001,"secret":"s","users":["a","b"],"friends":[{"from":"a","to":"b"}]}`)
	created := m.ok(http.StatusOK, http.MethodGet, "/_mock/state?vendor=zego&app=1000000001", nil)
	clk.Shift(time.Hour)
	m.ok(http.StatusOK, http.MethodPost, "/_mock/reset?vendor=zego&app=1000000001", nil)
	assert.Equal(t, created, m.ok(http.StatusOK, http.MethodGet, "/_mock/state?vendor=zego&app=1000000001", nil), "created app")
}

// TestSnapshotRestoresExactTimes: a snapshot brings back the times it
// saved, app createdAt included.
func TestSnapshotRestoresExactTimes(t *testing.T) {
	m, clk := newMovingMock(t)
	clk.Shift(2 * time.Hour)
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/apps", `{"vendor":"tim","appId":1400000777,"secret":"k","users":["a","b"],"friends":[{"from":"a","to":"b"}]}`)
	saved := m.state()
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/snapshots", `{"name":"t0"}`)

	clk.Shift(48 * time.Hour)
	m.ok(http.StatusOK, http.MethodPost, "/_mock/reset", nil)
	m.ok(http.StatusOK, http.MethodPost, "/_mock/snapshots/t0/restore", nil)
	assert.Equal(t, saved, m.state())
	assert.Contains(t, saved, `"createdAt":"2026-11-23T14:00:00Z"`, "the created app's time, saved and restored")
}

// newMockOnClock serves st with apps as the reset baseline on clk.
func newMockOnClock(t *testing.T, apps []imemu.AppState, st *store.Store, clk clock.Clock) *mock {
	t.Helper()
	srv := httptest.NewServer(server.NewServer(slog.New(slog.DiscardHandler), server.Config{Fixtures: apps}, st, clk))
	t.Cleanup(srv.Close)
	return &mock{t: t, url: srv.URL, c: validatingClient(t, srv.URL), st: st}
}
