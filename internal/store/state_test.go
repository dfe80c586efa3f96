package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

// sampleApp is a tenant with every field set, in the order ExportApps
// returns it (users by id; edges and blocks by owner, then added time,
// then id; applications by sender, then created time, then target).
func sampleApp(key imemu.AppKey) imemu.AppState {
	at := func(ms int) time.Time {
		return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(ms) * time.Millisecond)
	}
	return imemu.AppState{
		Tenant: imemu.Tenant{
			Vendor: key.Vendor, AppID: key.AppID, Secret: "secret-" + string(key.Vendor), Admin: "administrator",
			CallbackURL: "http://127.0.0.1:9/cb", CreatedAt: at(0),
			Limits: imemu.Limits{QPS: 3, APIQPS: map[string]int{"AddFriend": 1}, BatchMax: 9},
		},
		Users: []imemu.User{
			{ID: "u1", Name: "One", Avatar: "https://x/1.png", Extra: `{"level":1}`, CreatedAt: at(1)},
			{ID: "u2", Name: "Two", CreatedAt: at(2)},
			{ID: "u3", CreatedAt: at(3)},
		},
		Friends: []imemu.Friend{
			{Owner: "u1", ID: "u3", Groups: []string{}, Attributes: []imemu.Attribute{}, AddedAt: at(4)},
			{
				Owner: "u1", ID: "u2", Remark: "two", Groups: []string{"g1", "g2"}, AddSource: "AddSource_Type_Web",
				AddWording: "hello", Attributes: []imemu.Attribute{{Key: "k1", Value: "v1"}}, AddedAt: at(5),
			},
			{Owner: "u2", ID: "u1", Groups: []string{}, AddSource: "AddSource_Type_Web", Attributes: []imemu.Attribute{}, AddedAt: at(5)},
		},
		Blocks: []imemu.Block{
			{Owner: "u1", Target: "u3", AddedAt: at(6)},
			{Owner: "u3", Target: "u2", AddedAt: at(6)},
			{Owner: "u3", Target: "u1", AddedAt: at(7)},
		},
		Applications: []imemu.Application{
			{
				From: "u2", To: "u3", Wording: "hi", Remark: "three", AddSource: "AddSource_Type_Web", Groups: []string{"g"},
				Attributes: []imemu.Attribute{{Key: "k0", Value: "v"}}, State: imemu.ApplicationWaiting,
				CreatedAt: at(8), UpdatedAt: at(9), ExpiresAt: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC),
			},
			{From: "u3", To: "u1", Groups: []string{}, Attributes: []imemu.Attribute{}, State: imemu.ApplicationRejected, CreatedAt: at(8), UpdatedAt: at(10)},
		},
		// The groups the edges name: an export lists them.
		Groups: []imemu.FriendGroup{{Owner: "u1", Name: "g1"}, {Owner: "u1", Name: "g2"}},
	}
}

// withoutIDs returns apps with the store-assigned tenant ids cleared: a
// reloaded tenant is a new tenant with a new id.
func withoutIDs(apps []imemu.AppState) []imemu.AppState {
	out := make([]imemu.AppState, len(apps))
	for i, a := range apps {
		a.Tenant.ID = 0
		out[i] = a
	}
	return out
}

func export(tb testing.TB, s *Store, only *imemu.AppKey) []imemu.AppState {
	tb.Helper()
	apps, err := s.ExportApps(tb.Context(), only)
	require.NoError(tb, err)
	return apps
}

func TestReplaceAppsAll(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		seed(t, s)
		seedApp(t, s, timKey)
		other := imemu.AppKey{Vendor: imemu.VendorTIM, AppID: 8}
		apps := []imemu.AppState{sampleApp(other), sampleApp(imemu.AppKey{Vendor: imemu.VendorZego, AppID: 7})}
		require.NoError(t, s.ReplaceApps(ctx, apps, nil))

		assert.Equal(t, apps, withoutIDs(export(t, s, nil)))
		_, err := s.Tenant(ctx, zegoKey)
		require.ErrorIs(t, err, imemu.ErrAppNotFound)
		_, err = s.Tenant(ctx, timKey)
		require.ErrorIs(t, err, imemu.ErrAppNotFound)
		var users, friends int
		require.NoError(t, s.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM friends)`).
			Scan(&users, &friends))
		assert.Equal(t, 6, users)
		assert.Equal(t, 6, friends)

		// Replacing with nothing empties the store.
		require.NoError(t, s.ReplaceApps(ctx, nil, nil))
		assert.Empty(t, export(t, s, nil))
	})
}

func TestReplaceAppsFillsMissingTimes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		app := imemu.AppState{
			Tenant:  imemu.Tenant{Vendor: imemu.VendorZego, AppID: 7},
			Users:   []imemu.User{{ID: "a"}, {ID: "b"}},
			Friends: []imemu.Friend{{Owner: "a", ID: "b"}},
		}
		require.NoError(t, s.ReplaceApps(t.Context(), []imemu.AppState{app}, nil))
		app.Tenant.CreatedAt = storedNow
		app.Users[0].CreatedAt, app.Users[1].CreatedAt = storedNow, storedNow
		app.Friends[0] = plain("a", "b")
		assert.Equal(t, []imemu.AppState{app}, withoutIDs(export(t, s, nil)))
	})
}

func TestReplaceAppsOne(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		seed(t, s)
		seedApp(t, s, timKey)
		timBefore := export(t, s, &timKey)

		replacement := sampleApp(zegoKey)
		require.NoError(t, s.ReplaceApps(ctx, []imemu.AppState{replacement}, &zegoKey))
		assert.Equal(t, []imemu.AppState{replacement}, withoutIDs(export(t, s, &zegoKey)))
		assert.Equal(t, timBefore, export(t, s, &timKey), "the other tenant is untouched, id included")

		// Replacing one app with nothing drops it alone.
		require.NoError(t, s.ReplaceApps(ctx, nil, &zegoKey))
		_, err := s.ExportApps(ctx, &zegoKey)
		require.ErrorIs(t, err, imemu.ErrAppNotFound)
		assert.Equal(t, timBefore, export(t, s, nil))

		// Replacing an app that is not there loads it.
		fresh := sampleApp(imemu.AppKey{Vendor: imemu.VendorZego, AppID: 55})
		k := fresh.Tenant.Key()
		require.NoError(t, s.ReplaceApps(ctx, []imemu.AppState{fresh}, &k))
		assert.Equal(t, []imemu.AppState{fresh}, withoutIDs(export(t, s, &k)))
		assert.Equal(t, timBefore, export(t, s, &timKey))
	})
}

func TestExportRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		a := seed(t, s)
		seedApp(t, s, timKey)
		_, err := s.AddFriends(ctx, a.ID, "frank", []imemu.Friend{{
			ID: "erin", Remark: "r", Groups: []string{"g"}, AddSource: "src", AddWording: "w",
			Attributes: []imemu.Attribute{{Key: "k0", Value: "v"}},
		}}, AddOptions{TwoWay: true})
		require.NoError(t, err)

		first := export(t, s, nil)
		require.Len(t, first, 2)
		require.NoError(t, s.ReplaceApps(ctx, first, nil))
		assert.Equal(t, withoutIDs(first), withoutIDs(export(t, s, nil)))

		one := export(t, s, &zegoKey)
		require.NoError(t, s.ReplaceApps(ctx, one, &zegoKey))
		assert.Equal(t, withoutIDs(one), withoutIDs(export(t, s, &zegoKey)))
		assert.Equal(t, withoutIDs(first), withoutIDs(export(t, s, nil)))
	})
}

// TestReplaceAppsFailureRollsBack loads bad state: the whole replacement,
// drops included, must be rolled back.
func TestReplaceAppsFailureRollsBack(t *testing.T) {
	badEdge := sampleApp(imemu.AppKey{Vendor: imemu.VendorZego, AppID: 7})
	badEdge.Friends = append(badEdge.Friends, imemu.Friend{Owner: "u1", ID: "nobody"})
	badOwner := sampleApp(zegoKey)
	badOwner.Friends = append(badOwner.Friends, imemu.Friend{Owner: "nobody", ID: "u1"})
	dupUser := sampleApp(zegoKey)
	dupUser.Users = append(dupUser.Users, imemu.User{ID: "u1"})
	badVendor := sampleApp(imemu.AppKey{Vendor: "wechat", AppID: 3})
	tests := []struct {
		name    string
		apps    []imemu.AppState
		only    *imemu.AppKey
		wantErr error
	}{
		{name: "all: edge to an unknown user", apps: []imemu.AppState{sampleApp(timKey), badEdge}},
		{name: "one: edge from an unknown user", apps: []imemu.AppState{badOwner}, only: &zegoKey},
		{name: "all: duplicate user", apps: []imemu.AppState{dupUser}},
		{name: "one: duplicate user", apps: []imemu.AppState{dupUser}, only: &zegoKey},
		{name: "all: invalid vendor", apps: []imemu.AppState{badVendor}},
		{
			name: "all: the same app twice", apps: []imemu.AppState{sampleApp(zegoKey), sampleApp(zegoKey)},
			wantErr: imemu.ErrAppExists,
		},
		{
			name: "one: an app other than the replaced one that exists", apps: []imemu.AppState{sampleApp(timKey)},
			only: &zegoKey, wantErr: imemu.ErrAppExists,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, s *Store) {
				a := seed(t, s)
				seedApp(t, s, timKey)
				before := export(t, s, nil)

				err := s.ReplaceApps(t.Context(), tt.apps, tt.only)
				require.Error(t, err)
				if tt.wantErr != nil {
					require.ErrorIs(t, err, tt.wantErr)
				}
				assert.Equal(t, before, export(t, s, nil))
				assert.Equal(t, seedEdges, graph(t, s, a.ID))
			})
		})
	}
}
