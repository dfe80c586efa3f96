package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imemu/imemu/internal/server"
)

// Snapshots stay within --snapshot-bytes: one that would take them past
// it is refused with 507, naming the budget, and nothing is saved.
func TestSnapshotBudget(t *testing.T) {
	size := len(newMock(t, server.Config{}).state()) // about a snapshot's size
	m := newMock(t, server.Config{SnapshotBytes: int64(size * 5 / 2)})
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/snapshots", `{"name":"one"}`)
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/snapshots", `{"name":"two"}`)
	code, body := m.call(http.MethodPost, "/_mock/snapshots", `{"name":"three"}`)
	assert.Equal(t, http.StatusInsufficientStorage, code, body)
	assert.Contains(t, body, "--snapshot-bytes")
	assert.NotContains(t, m.ok(http.StatusOK, http.MethodGet, "/_mock/snapshots", nil), `"three"`)
	m.ok(http.StatusNoContent, http.MethodDelete, "/_mock/snapshots/one", nil)
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/snapshots", `{"name":"three"}`)
}
