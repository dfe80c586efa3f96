package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/clock"
)

// A write that the database has no room for fails with ErrFull and
// changes nothing; the store keeps working for what fits.
func TestFullDatabase(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Memory, clock.Fixed(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	require.NoError(t, s.LimitBytes(ctx, 256<<10))
	app := imemu.AppState{Tenant: imemu.Tenant{Vendor: imemu.VendorZego, AppID: 1, Secret: "s"}}
	for i := range 5000 {
		app.Users = append(app.Users, imemu.User{ID: fmt.Sprintf("user-with-a-longish-id-%06d", i)})
	}
	err = s.ReplaceApps(ctx, []imemu.AppState{app}, nil)
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrFull), "%v", err)
	apps, err := s.ExportApps(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, apps, "nothing of the failed write stayed")

	app.Users = app.Users[:10]
	require.NoError(t, s.ReplaceApps(ctx, []imemu.AppState{app}, nil), "a write that fits still works")
	assert.ErrorIs(t, s.LimitBytes(ctx, 1), ErrFull, "a limit below what it holds")
}
