package store

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

// encodeApps and decodeApps stand in for the server's fixtures encoding:
// the store keeps snapshot data opaque.
func encodeApps(tb testing.TB, apps []imemu.AppState) []byte {
	tb.Helper()
	b, err := json.Marshal(apps)
	require.NoError(tb, err)
	return b
}

func decodeApps(data []byte) ([]imemu.AppState, error) {
	var apps []imemu.AppState
	err := json.Unmarshal(data, &apps)
	return apps, err
}

func TestSnapshotSaveListDelete(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		info, err := s.SaveSnapshot(ctx, "b", []imemu.AppKey{zegoKey, timKey}, []byte(`{"x":1}`))
		require.NoError(t, err)
		assert.Equal(t, SnapshotInfo{Name: "b", CreatedAt: storedNow, Apps: []imemu.AppKey{zegoKey, timKey}}, info)
		_, err = s.SaveSnapshot(ctx, "a", nil, []byte(`{}`))
		require.NoError(t, err)

		_, err = s.SaveSnapshot(ctx, "b", nil, []byte(`{}`))
		require.ErrorIs(t, err, ErrSnapshotExists)

		got, data, err := s.Snapshot(ctx, "b")
		require.NoError(t, err)
		assert.Equal(t, info, got)
		assert.JSONEq(t, `{"x":1}`, string(data), "the data that was saved, unchanged")

		list, err := s.Snapshots(ctx)
		require.NoError(t, err)
		assert.Equal(t, []SnapshotInfo{
			{Name: "a", CreatedAt: storedNow, Apps: []imemu.AppKey{}},
			{Name: "b", CreatedAt: storedNow, Apps: []imemu.AppKey{zegoKey, timKey}},
		}, list, "same millisecond: by name")

		require.NoError(t, s.DeleteSnapshot(ctx, "a"))
		require.ErrorIs(t, s.DeleteSnapshot(ctx, "a"), ErrSnapshotNotFound)
		_, _, err = s.Snapshot(ctx, "a")
		require.ErrorIs(t, err, ErrSnapshotNotFound)
		list, err = s.Snapshots(ctx)
		require.NoError(t, err)
		assert.Len(t, list, 1)
	})
}

func TestSnapshotRestoreReplacesExactlyItsApps(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		zego := imemu.AppKey{Vendor: imemu.VendorZego, AppID: 7}
		tim := imemu.AppKey{Vendor: imemu.VendorTIM, AppID: 8}
		require.NoError(t, s.ReplaceApps(ctx, []imemu.AppState{sampleApp(zego), sampleApp(tim)}, nil))
		saved := export(t, s, &zego)
		_, err := s.SaveSnapshot(ctx, "zego", []imemu.AppKey{zego}, encodeApps(t, saved))
		require.NoError(t, err)

		// Change both apps, and delete the saved one's friends.
		zt, err := s.Tenant(ctx, zego)
		require.NoError(t, err)
		_, err = s.DeleteAllFriends(ctx, zt.ID, "u1", true)
		require.NoError(t, err)
		tt, err := s.Tenant(ctx, tim)
		require.NoError(t, err)
		_, err = s.DeleteAllFriends(ctx, tt.ID, "u1", true)
		require.NoError(t, err)
		timAfter := export(t, s, &tim)

		info, err := s.RestoreSnapshot(ctx, "zego", decodeApps)
		require.NoError(t, err)
		assert.Equal(t, []imemu.AppKey{zego}, info.Apps)
		assert.Equal(t, withoutIDs(saved), withoutIDs(export(t, s, &zego)), "saved app restored")
		assert.Equal(t, timAfter, export(t, s, &tim), "other app untouched")

		// A deleted app comes back.
		require.NoError(t, s.DeleteTenant(ctx, zego))
		_, err = s.RestoreSnapshot(ctx, "zego", decodeApps)
		require.NoError(t, err)
		assert.Equal(t, withoutIDs(saved), withoutIDs(export(t, s, &zego)))

		_, err = s.RestoreSnapshot(ctx, "nope", decodeApps)
		require.ErrorIs(t, err, ErrSnapshotNotFound)
	})
}

func TestSnapshotRestoreFailureChangesNothing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		seed(t, s)
		before := export(t, s, nil)
		_, err := s.SaveSnapshot(ctx, "s", []imemu.AppKey{zegoKey}, []byte(`[]`))
		require.NoError(t, err)

		boom := errors.New("boom")
		_, err = s.RestoreSnapshot(ctx, "s", func([]byte) ([]imemu.AppState, error) { return nil, boom })
		require.ErrorIs(t, err, boom)

		// An app that cannot load (an edge to a user it lacks) rolls back
		// the whole restore, including the drop of the app before it.
		bad := sampleApp(imemu.AppKey{Vendor: imemu.VendorTIM, AppID: 8})
		bad.Friends = append(bad.Friends, imemu.Friend{Owner: "u1", ID: "ghost"})
		good := before[0]
		_, err = s.RestoreSnapshot(ctx, "s", func([]byte) ([]imemu.AppState, error) {
			return []imemu.AppState{good, bad}, nil
		})
		require.Error(t, err)
		assert.Equal(t, before, export(t, s, nil))
	})
}

func TestSnapshotsSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "imemu.db")
	s := mustOpen(t, path)
	seed(t, s)
	saved := export(t, s, nil)
	_, err := s.SaveSnapshot(t.Context(), "keep", []imemu.AppKey{zegoKey}, encodeApps(t, saved))
	require.NoError(t, err)
	require.NoError(t, s.Close())

	s = mustOpen(t, path)
	require.NoError(t, s.ReplaceApps(t.Context(), nil, nil), "a whole replace leaves snapshots alone")
	info, err := s.RestoreSnapshot(t.Context(), "keep", decodeApps)
	require.NoError(t, err)
	assert.Equal(t, "keep", info.Name)
	assert.Equal(t, withoutIDs(saved), withoutIDs(export(t, s, nil)))
}
