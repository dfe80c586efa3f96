package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

func TestCreateApp(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		key := imemu.AppKey{Vendor: imemu.VendorTIM, AppID: 8}
		app := sampleApp(key)
		tenant, err := s.CreateApp(ctx, app)
		require.NoError(t, err)
		assert.NotZero(t, tenant.ID)
		app.Tenant.ID = tenant.ID
		assert.Equal(t, app.Tenant, tenant)
		assert.Equal(t, []imemu.AppState{app}, export(t, s, nil))

		// An existing key fails and changes nothing.
		other := sampleApp(key)
		other.Tenant.Secret = "other"
		_, err = s.CreateApp(ctx, other)
		require.ErrorIs(t, err, imemu.ErrAppExists)
		assert.Equal(t, []imemu.AppState{app}, export(t, s, nil))
	})
}

func TestAppSummaries(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		z := seed(t, s)
		empty, err := s.CreateTenant(ctx, imemu.Tenant{Vendor: imemu.VendorTIM, AppID: 5, Secret: "k"})
		require.NoError(t, err)

		all, err := s.AppSummaries(ctx, nil)
		require.NoError(t, err)
		assert.Equal(t, []AppSummary{{Tenant: empty}, {Tenant: z, Users: 6, Friends: 9}}, all, "tim before zego")

		one, err := s.AppSummaries(ctx, &zegoKey)
		require.NoError(t, err)
		assert.Equal(t, []AppSummary{{Tenant: z, Users: 6, Friends: 9}}, one)

		_, err = s.AppSummaries(ctx, &timKey)
		require.ErrorIs(t, err, imemu.ErrAppNotFound)
	})
}
