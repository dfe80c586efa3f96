package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

func TestTenants(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		limits := imemu.Limits{QPS: 5, APIQPS: map[string]int{"AddFriend": 2}, BatchMax: 20}
		zego, err := s.CreateTenant(ctx, imemu.Tenant{Vendor: imemu.VendorZego, AppID: 2, Secret: "s2", Limits: limits})
		require.NoError(t, err)
		assert.NotZero(t, zego.ID)
		assert.Equal(t, storedNow, zego.CreatedAt, "creation time from the clock, UTC, ms")

		// A caller-given creation time comes back as it is stored.
		given := time.Date(2024, 5, 6, 7, 8, 9, 123_456_789, time.FixedZone("UTC+2", 2*60*60))
		tim, err := s.CreateTenant(ctx, imemu.Tenant{
			Vendor: imemu.VendorTIM, AppID: 1400000001, Secret: "key", Admin: "administrator",
			CallbackURL: "http://127.0.0.1:9/cb", CreatedAt: given,
		})
		require.NoError(t, err)
		assert.Equal(t, time.Date(2024, 5, 6, 5, 8, 9, 123_000_000, time.UTC), tim.CreatedAt)
		zego1, err := s.CreateTenant(ctx, imemu.Tenant{Vendor: imemu.VendorZego, AppID: 1, Secret: "s1"})
		require.NoError(t, err)

		for _, want := range []imemu.Tenant{zego, tim, zego1} {
			got, err := s.Tenant(ctx, want.Key())
			require.NoError(t, err)
			assert.Equal(t, want, got)
		}
		all, err := s.Tenants(ctx)
		require.NoError(t, err)
		assert.Equal(t, []imemu.Tenant{tim, zego1, zego}, all, "ordered by vendor, then app id")

		// Same app id under the other vendor is another tenant; same key is not.
		_, err = s.CreateTenant(ctx, imemu.Tenant{Vendor: imemu.VendorTIM, AppID: 2, Secret: "x"})
		require.NoError(t, err)
		_, err = s.CreateTenant(ctx, imemu.Tenant{Vendor: imemu.VendorZego, AppID: 2, Secret: "other"})
		require.ErrorIs(t, err, imemu.ErrAppExists)
		got, err := s.Tenant(ctx, zego.Key())
		require.NoError(t, err)
		assert.Equal(t, zego, got, "a refused duplicate changes nothing")

		// Invalid tenants are refused by the schema.
		_, err = s.CreateTenant(ctx, imemu.Tenant{Vendor: "wechat", AppID: 3})
		require.Error(t, err)
		_, err = s.CreateTenant(ctx, imemu.Tenant{Vendor: imemu.VendorZego, AppID: 0})
		require.Error(t, err)

		// Update replaces credentials, admin, callback and limits only.
		upd := zego
		upd.Secret, upd.Admin, upd.CallbackURL = "new", "admin2", "http://x/y"
		upd.Limits = imemu.Limits{BatchMax: 7}
		upd.ID, upd.CreatedAt = 0, time.Time{}
		require.NoError(t, s.UpdateTenant(ctx, upd))
		got, err = s.Tenant(ctx, zego.Key())
		require.NoError(t, err)
		upd.ID, upd.CreatedAt = zego.ID, zego.CreatedAt
		assert.Equal(t, upd, got)

		require.NoError(t, s.DeleteTenant(ctx, zego.Key()))
		_, err = s.Tenant(ctx, zego.Key())
		require.ErrorIs(t, err, imemu.ErrAppNotFound)
		all, err = s.Tenants(ctx)
		require.NoError(t, err)
		assert.Len(t, all, 3)
	})
}

func TestTenantNotFound(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		app := seed(t, s)
		missing := imemu.AppKey{Vendor: imemu.VendorTIM, AppID: zegoKey.AppID}
		_, err := s.Tenant(ctx, missing)
		require.ErrorIs(t, err, imemu.ErrAppNotFound)
		assert.Contains(t, err.Error(), "tim app 1000001")
		require.ErrorIs(t, s.UpdateTenant(ctx, imemu.Tenant{Vendor: missing.Vendor, AppID: missing.AppID}), imemu.ErrAppNotFound)
		require.ErrorIs(t, s.DeleteTenant(ctx, missing), imemu.ErrAppNotFound)
		_, err = s.ExportApps(ctx, &missing)
		require.ErrorIs(t, err, imemu.ErrAppNotFound)
		assert.Equal(t, seedEdges, graph(t, s, app.ID))
	})
}

func TestDeleteTenantCascades(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		zego := seed(t, s)
		tim := seedApp(t, s, timKey)
		require.NoError(t, s.DeleteTenant(ctx, zego.Key()))

		var users, friends int
		require.NoError(t, s.db.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM users WHERE tenant_id = ?1), (SELECT COUNT(*) FROM friends WHERE tenant_id = ?1)`,
			zego.ID).Scan(&users, &friends))
		assert.Zero(t, users)
		assert.Zero(t, friends)
		assert.Equal(t, seedEdges, graph(t, s, tim.ID), "the other tenant is untouched")
		us, err := s.Users(ctx, tim.ID)
		require.NoError(t, err)
		assert.Len(t, us, len(seedUsers))

		// The key is free again.
		again, err := s.CreateTenant(ctx, imemu.Tenant{Vendor: zego.Vendor, AppID: zego.AppID, Secret: "s"})
		require.NoError(t, err)
		us, err = s.Users(ctx, again.ID)
		require.NoError(t, err)
		assert.Empty(t, us)
	})
}

// TestTenantsAreIsolated gives two tenants the same user ids: what one
// does is never seen by the other.
func TestTenantsAreIsolated(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		a := seed(t, s)
		b, err := s.CreateTenant(ctx, imemu.Tenant{Vendor: timKey.Vendor, AppID: timKey.AppID, Secret: "k"})
		require.NoError(t, err)
		_, err = s.RegisterUsers(ctx, b.ID, []imemu.User{{ID: "alice"}, {ID: "frank"}})
		require.NoError(t, err)

		// bob is a user of a only.
		res, err := s.AddFriends(ctx, b.ID, "alice", []imemu.Friend{{ID: "bob"}, {ID: "frank", Remark: "in b"}}, AddOptions{TwoWay: true})
		require.NoError(t, err)
		assert.Equal(t, imemu.TargetNotRegistered, res[0].Outcome)
		assert.Equal(t, imemu.Added, res[1].Outcome)
		assert.Equal(t, []string{"alice>frank", "frank>alice"}, graph(t, s, b.ID))
		assert.Equal(t, seedEdges, graph(t, s, a.ID))

		rel, err := s.Relations(ctx, b.ID, "alice", []string{"bob", "frank"})
		require.NoError(t, err)
		assert.Equal(t, []imemu.Relation{{Target: "bob"}, {Target: "frank", Registered: true, OwnerHas: true, TargetHas: true}}, rel)
		page, err := s.Friends(ctx, a.ID, "alice", 0, 10)
		require.NoError(t, err)
		assert.Equal(t, 3, page.Total)
		among, err := s.FriendsAmong(ctx, a.ID, "alice", []string{"frank"})
		require.NoError(t, err)
		assert.Empty(t, among)
		_, err = s.Friends(ctx, b.ID, "bob", 0, 10)
		require.ErrorIs(t, err, imemu.ErrUserNotFound)
		exist, err := s.UsersExist(ctx, b.ID, []string{"alice", "bob"})
		require.NoError(t, err)
		assert.Equal(t, map[string]bool{"alice": true, "bob": false}, exist)

		del, err := s.DeleteFriends(ctx, b.ID, "alice", []string{"bob", "frank"}, true)
		require.NoError(t, err)
		assert.Equal(t, imemu.NotRegistered, del[0].Outcome)
		_, err = s.DeleteAllFriends(ctx, a.ID, "alice", true)
		require.NoError(t, err)
		_, err = s.DeleteUsers(ctx, b.ID, []string{"alice"})
		require.NoError(t, err)
		assert.Equal(t, []string{"bob>carol", "carol>bob", "erin>alice"}, graph(t, s, a.ID))
		u, err := s.User(ctx, a.ID, "alice")
		require.NoError(t, err)
		assert.Equal(t, "Alice", u.Name)
		assert.Empty(t, graph(t, s, b.ID))
	})
}

func TestUsers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		app := seed(t, s)

		got, err := s.RegisterUsers(ctx, app.ID, []imemu.User{
			{ID: "gina", Name: "Gina", Avatar: "https://x/g.png"}, {ID: "alice", Name: "Not Alice"}, {ID: "gina", Name: "Again"},
		})
		require.NoError(t, err)
		assert.Equal(t, []imemu.RegisterOutcome{imemu.Registered, imemu.AlreadyExists, imemu.AlreadyExists}, got)

		u, err := s.User(ctx, app.ID, "gina")
		require.NoError(t, err)
		assert.Equal(t, imemu.User{ID: "gina", Name: "Gina", Avatar: "https://x/g.png", CreatedAt: storedNow}, u)
		u, err = s.User(ctx, app.ID, "alice")
		require.NoError(t, err)
		assert.Equal(t, "Alice", u.Name, "an existing user is left as it was")
		_, err = s.User(ctx, app.ID, "ghost")
		require.ErrorIs(t, err, imemu.ErrUserNotFound)

		us, err := s.Users(ctx, app.ID)
		require.NoError(t, err)
		var ids []string
		for _, u := range us {
			ids = append(ids, u.ID)
		}
		assert.Equal(t, []string{"alice", "bob", "carol", "dave", "erin", "frank", "gina"}, ids)

		exist, err := s.UsersExist(ctx, app.ID, []string{"gina", "ghost", "alice"})
		require.NoError(t, err)
		assert.Equal(t, map[string]bool{"gina": true, "ghost": false, "alice": true}, exist)

		// Deleting a user drops every edge touching it, both directions.
		gone, err := s.DeleteUsers(ctx, app.ID, []string{"alice", "ghost", "alice"})
		require.NoError(t, err)
		assert.Equal(t, []bool{true, false, false}, gone)
		assert.Equal(t, []string{"bob>carol", "carol>bob"}, graph(t, s, app.ID))

		_, err = s.RegisterUsers(ctx, 9999, []imemu.User{{ID: "x"}})
		require.Error(t, err, "a tenant that does not exist")
	})
}
