package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
)

// A full database (here SQLite's page limit, as --db-max-bytes sets it; a
// full disk answers the same) gets a 503 naming the cause from every
// control route that writes, never a 500 with SQLite's text, and nothing
// changes.
func TestFullDatabaseAnswers503(t *testing.T) {
	st, err := store.Open(context.Background(), store.Memory, clock.Fixed(testNow))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	m := newMockOn(t, server.Config{}, st)
	require.NoError(t, st.LimitBytes(context.Background(), 200<<10))
	before := m.state()

	users := make([]string, 4000)
	for i := range users {
		users[i] = fmt.Sprintf(`"user-with-a-longish-id-%06d"`, i)
	}
	big := `{"vendor":"zego","appId":777,"secret":"0123456789abcdef0123456789abcdef","users":[` + strings.Join(users, ",") + `]}`
	for _, c := range []struct{ method, path, body string }{
		{http.MethodPost, "/_mock/apps", big},
		{http.MethodPut, "/_mock/state?vendor=zego&app=777", `{"apps":[` + big + `]}`},
	} {
		code, body := m.call(c.method, c.path, c.body)
		assert.Equal(t, http.StatusServiceUnavailable, code, "%s %s: %s", c.method, c.path, body)
		assert.Contains(t, body, "the database is full")
		for _, g := range []string{"sqlite", "SQLITE", "disk is full", "sql:"} {
			assert.NotContains(t, body, g)
		}
	}
	assert.Equal(t, before, m.state(), "a failed write changed something")
	m.ok(http.StatusOK, http.MethodPost, "/_mock/reset", nil) // what fits still works
}
