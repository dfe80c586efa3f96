package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

// benchDegree is how many friends each user of a benchmark graph has.
const benchDegree = 50

func benchUser(i int) string { return fmt.Sprintf("u%06d", i) }

// loadGraph creates a tenant of n users where user i lists the benchDegree
// users nearest it on a ring (i±1 … i±benchDegree/2): n×benchDegree edges,
// all of them two-way. It bypasses AddFriends and writes the tables in one
// transaction through prepared statements, in primary-key order, which is
// what lets a million edges load in seconds.
func loadGraph(tb testing.TB, s *Store, key imemu.AppKey, n int) imemu.Tenant {
	tb.Helper()
	require.Greater(tb, n, benchDegree+1, "the ring must not wrap onto itself")
	ctx := context.Background()
	app, err := s.CreateTenant(ctx, imemu.Tenant{Vendor: key.Vendor, AppID: key.AppID, Secret: "s"})
	require.NoError(tb, err)
	names := make([]string, n)
	for i := range names {
		names[i] = benchUser(i)
	}
	at := toMillis(storedNow)
	err = s.write(ctx, func(tx *sql.Tx) error {
		users, err := tx.PrepareContext(ctx, `INSERT INTO users (tenant_id, user_id, created_at) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer users.Close()
		for _, id := range names {
			if _, err := users.ExecContext(ctx, app.ID, id, at); err != nil {
				return err
			}
		}
		friends, err := tx.PrepareContext(ctx, `INSERT INTO friends (tenant_id, owner, friend, added_at) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer friends.Close()
		list := make([]int, 0, benchDegree)
		for i := range n {
			list = list[:0]
			for d := 1; d <= benchDegree/2; d++ {
				list = append(list, (i+d)%n, (i-d+n)%n)
			}
			slices.Sort(list)
			for _, f := range list {
				// Spread the added times so pages are ordered by time, not id.
				if _, err := friends.ExecContext(ctx, app.ID, names[i], names[f], at+int64((f*7919)%1000)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	require.NoError(tb, err)
	return app
}

func TestLoadGraph(t *testing.T) {
	s := mustOpen(t, "")
	app := loadGraph(t, s, zegoKey, 60)
	r := require.New(t)
	r.Len(graph(t, s, app.ID), 60*benchDegree)
	rel, err := s.Relations(t.Context(), app.ID, benchUser(0), []string{benchUser(1), benchUser(59), benchUser(25), benchUser(26), benchUser(35)})
	r.NoError(err)
	for i, want := range []bool{true, true, true, false, true} {
		r.Equal(want, rel[i].OwnerHas && rel[i].TargetHas, rel[i].Target)
	}
}

// BenchmarkGraph measures the graph operations on an in-memory store
// holding 10k and 1M edges (the latter skipped with -short). Each size's
// graph is built once and shared by its sub-benchmarks, which leave it as
// they found it.
func BenchmarkGraph(b *testing.B) {
	sizes := []struct {
		name  string
		users int
		large bool
	}{
		{"edges=10k", 10_000 / benchDegree, false},
		{"edges=1M", 1_000_000 / benchDegree, true},
	}
	for _, size := range sizes {
		b.Run(size.name, func(b *testing.B) {
			if size.large && testing.Short() {
				b.Skip("1M edges: skipped in -short mode")
			}
			s := mustOpen(b, "")
			app := loadGraph(b, s, zegoKey, size.users)
			ctx := b.Context()
			owner, friend, stranger := benchUser(0), benchUser(1), benchUser(size.users/2)

			b.Run("DeleteFriends", func(b *testing.B) {
				for b.Loop() {
					res, err := s.DeleteFriends(ctx, app.ID, owner, []string{friend}, true)
					if err != nil || res[0].Outcome != imemu.Deleted {
						b.Fatal(res, err)
					}
					b.StopTimer()
					if _, err := s.AddFriends(ctx, app.ID, owner, []imemu.Friend{{ID: friend}}, AddOptions{TwoWay: true}); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
			})
			b.Run("AddFriends", func(b *testing.B) {
				add := []imemu.Friend{{ID: stranger, Remark: "r", AddSource: "AddSource_Type_Bench"}}
				for b.Loop() {
					res, err := s.AddFriends(ctx, app.ID, owner, add, AddOptions{TwoWay: true, MaxFriends: 3000})
					if err != nil || res[0].Outcome != imemu.Added {
						b.Fatal(res, err)
					}
					b.StopTimer()
					if _, err := s.DeleteFriends(ctx, app.ID, owner, []string{stranger}, true); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
			})
			b.Run("FriendsPage", func(b *testing.B) {
				for b.Loop() {
					page, err := s.Friends(ctx, app.ID, owner, 20, 20)
					if err != nil || len(page.Friends) != 20 || page.Total != benchDegree {
						b.Fatal(page.Total, err)
					}
				}
			})
			b.Run("FriendList", func(b *testing.B) {
				for b.Loop() {
					list, total, err := s.FriendList(ctx, app.ID, owner, 20, 20)
					if err != nil || len(list) != 20 {
						b.Fatal(total, err)
					}
				}
			})
			b.Run("FriendsAmong", func(b *testing.B) {
				ids := []string{friend, stranger, benchUser(2), benchUser(25), benchUser(26), "ghost"}
				for b.Loop() {
					got, err := s.FriendsAmong(ctx, app.ID, owner, ids)
					if err != nil || len(got) != 3 {
						b.Fatal(got, err)
					}
				}
			})
			b.Run("DeleteAllFriends", func(b *testing.B) {
				// owner's benchDegree friends, both ways; put back untimed.
				page, err := s.Friends(ctx, app.ID, owner, 0, benchDegree)
				require.NoError(b, err)
				for b.Loop() {
					removed, err := s.DeleteAllFriends(ctx, app.ID, owner, true)
					if err != nil || len(removed) != 2*benchDegree {
						b.Fatal(len(removed), err)
					}
					b.StopTimer()
					if _, err := s.AddFriends(ctx, app.ID, owner, page.Friends, AddOptions{TwoWay: true}); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
			})
			b.Run("Tenant", func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Tenant(ctx, zegoKey); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("Relations", func(b *testing.B) {
				// Friends, non-friends and an unregistered id.
				targets := []string{friend, stranger, benchUser(2), benchUser(size.users - 1), "ghost",
					benchUser(100), benchUser(size.users / 3), benchUser(25), benchUser(26), benchUser(size.users - 25)}
				for b.Loop() {
					rel, err := s.Relations(ctx, app.ID, owner, targets)
					if err != nil || !rel[0].OwnerHas || rel[1].OwnerHas || rel[4].Registered {
						b.Fatal(rel, err)
					}
				}
			})
		})
	}
}

// BenchmarkDeleteAllFriends10k empties the list of a user with 10,000
// two-way friends (20,000 edges go), in memory and in a file database
// (WAL, synchronous=FULL). The friends are put back untimed, which makes
// this the slowest benchmark per iteration: skipped with -short.
func BenchmarkDeleteAllFriends10k(b *testing.B) {
	if testing.Short() {
		b.Skip("10,000-friend hub: skipped in -short mode")
	}
	const hubFriends = 10_000
	for _, backend := range []string{"memory", "file"} {
		b.Run(backend, func(b *testing.B) {
			path := ""
			if backend == "file" {
				path = filepath.Join(b.TempDir(), "bench.db")
			}
			s := mustOpen(b, path)
			app := loadGraph(b, s, zegoKey, hubFriends+1)
			ctx := b.Context()
			hub := benchUser(hubFriends)
			adds := make([]imemu.Friend, hubFriends)
			for i := range adds {
				adds[i] = imemu.Friend{ID: benchUser(i)}
			}
			// The hub already has its ring neighbours; add the rest.
			_, err := s.AddFriends(ctx, app.ID, hub, adds, AddOptions{TwoWay: true})
			require.NoError(b, err)
			for b.Loop() {
				removed, err := s.DeleteAllFriends(ctx, app.ID, hub, true)
				if err != nil || len(removed) != 2*hubFriends {
					b.Fatal(len(removed), err)
				}
				b.StopTimer()
				if _, err := s.AddFriends(ctx, app.ID, hub, adds, AddOptions{TwoWay: true}); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
		})
	}
}
