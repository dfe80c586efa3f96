package store

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/clock"
)

// clockTime is what the tests' fixed clock answers: not in UTC and finer
// than a millisecond, so every test also sees the store normalise it.
var clockTime = time.Date(2026, 3, 4, 5, 6, 7, 890_123_456, time.FixedZone("UTC+8", 8*60*60))

// storedNow is clockTime as the store records it: UTC, whole milliseconds.
var storedNow = time.Date(2026, 3, 3, 21, 6, 7, 890_000_000, time.UTC)

// mustOpen opens a store at path (in memory when path is "") with a fixed
// clock and closes it when the test ends.
func mustOpen(tb testing.TB, path string) *Store {
	tb.Helper()
	return mustOpenClock(tb, path, clock.Fixed(clockTime))
}

func mustOpenClock(tb testing.TB, path string, clk clock.Clock) *Store {
	tb.Helper()
	if path == "" {
		path = Memory
	}
	s, err := Open(context.Background(), path, clk)
	require.NoError(tb, err)
	tb.Cleanup(func() { assert.NoError(tb, s.Close()) })
	return s
}

// backends name the two kinds of database a store runs on; path returns
// the path to open ("" for memory).
var backends = []struct {
	name string
	path func(tb testing.TB) string
}{
	{"memory", func(testing.TB) string { return "" }},
	{"file", func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "imemu.db") }},
}

// forEachBackend runs fn against a fresh in-memory store and a fresh file
// store.
func forEachBackend(t *testing.T, fn func(t *testing.T, s *Store)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, mustOpen(t, b.path(t))) })
	}
}

var (
	zegoKey = imemu.AppKey{Vendor: imemu.VendorZego, AppID: 1000001}
	timKey  = imemu.AppKey{Vendor: imemu.VendorTIM, AppID: 1400000001}
)

// seedUsers are the users seed registers.
var seedUsers = []string{"alice", "bob", "carol", "dave", "erin", "frank"}

// seedEdges is the graph seed builds: two-way alice–bob, alice–carol,
// alice–dave, bob–carol and one-way erin→alice, sorted.
var seedEdges = []string{
	"alice>bob", "alice>carol", "alice>dave",
	"bob>alice", "bob>carol",
	"carol>alice", "carol>bob",
	"dave>alice",
	"erin>alice",
}

// seed creates the ZEGO test tenant with seedUsers and seedEdges.
func seed(tb testing.TB, s *Store) imemu.Tenant {
	tb.Helper()
	return seedApp(tb, s, zegoKey)
}

func seedApp(tb testing.TB, s *Store, key imemu.AppKey) imemu.Tenant {
	tb.Helper()
	ctx := context.Background()
	app, err := s.CreateTenant(ctx, imemu.Tenant{Vendor: key.Vendor, AppID: key.AppID, Secret: "secret"})
	require.NoError(tb, err)
	us := make([]imemu.User, len(seedUsers))
	for i, id := range seedUsers {
		us[i] = imemu.User{ID: id, Name: strings.ToUpper(id[:1]) + id[1:]}
	}
	_, err = s.RegisterUsers(ctx, app.ID, us)
	require.NoError(tb, err)
	add := func(owner string, twoWay bool, targets ...string) {
		adds := make([]imemu.Friend, len(targets))
		for i, id := range targets {
			adds[i] = imemu.Friend{ID: id}
		}
		res, err := s.AddFriends(ctx, app.ID, owner, adds, AddOptions{TwoWay: twoWay})
		require.NoError(tb, err)
		for _, r := range res {
			require.Equal(tb, imemu.Added, r.Outcome, r.Target)
		}
	}
	add("alice", true, "bob", "carol", "dave")
	add("bob", true, "carol")
	add("erin", false, "alice")
	require.Equal(tb, seedEdges, graph(tb, s, app.ID))
	return app
}

// graph returns every edge of a tenant as sorted "owner>friend" strings,
// read straight from the table.
func graph(tb testing.TB, s *Store, tenantID int64) []string {
	tb.Helper()
	rows, err := s.db.QueryContext(context.Background(),
		`SELECT owner || '>' || friend FROM friends WHERE tenant_id = ? ORDER BY owner, friend`, tenantID)
	require.NoError(tb, err)
	out, err := scanStrings(rows)
	require.NoError(tb, err)
	return out
}

// edited returns base without drop and with add, sorted.
func edited(base []string, drop, add []string) []string {
	out := make([]string, 0, len(base)+len(add))
	for _, e := range base {
		if !slices.Contains(drop, e) {
			out = append(out, e)
		}
	}
	out = append(out, add...)
	slices.Sort(out)
	return out
}

// edges turns "owner>friend" strings into edges.
func edges(es ...string) []imemu.Edge {
	out := make([]imemu.Edge, len(es))
	for i, e := range es {
		owner, friend, ok := strings.Cut(e, ">")
		if !ok {
			panic("edge " + e + " lacks >")
		}
		out[i] = imemu.Edge{Owner: owner, Friend: friend}
	}
	return out
}

// plain is an edge as AddFriends stores it when given nothing but the id.
func plain(owner, id string) imemu.Friend {
	return imemu.Friend{Owner: owner, ID: id, Groups: []string{}, Attributes: []imemu.Attribute{}, AddedAt: storedNow}
}

func TestOpenFileMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "imemu.db")
	ctx := t.Context()

	s := mustOpen(t, path)
	var mode string
	require.NoError(t, s.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode))
	assert.Equal(t, "wal", mode)
	var sync, fk int
	require.NoError(t, s.db.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync))
	assert.Equal(t, 2, sync, "synchronous=FULL")
	require.NoError(t, s.db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk))
	assert.Equal(t, 1, fk)

	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, lastMigration(t), v)
	assert.Equal(t, path, s.Path())

	app := seed(t, s)
	before, err := s.ExportApps(ctx, nil)
	require.NoError(t, err)
	schema := schemaOf(t, s)
	require.NoError(t, s.Close())

	// Reopening keeps the data and runs no migration again: a re-run
	// CREATE TABLE would fail Open, and the schema would change.
	s = mustOpen(t, path)
	after, err := s.ExportApps(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, before, after)
	assert.Equal(t, seedEdges, graph(t, s, app.ID))
	assert.Equal(t, schema, schemaOf(t, s))
	v, err = s.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, lastMigration(t), v)

	// A database newer than this binary's migrations is left alone.
	_, err = s.db.ExecContext(ctx, `PRAGMA user_version = 9999`)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	s = mustOpen(t, path)
	v, err = s.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, 9999, v)
	assert.Equal(t, schema, schemaOf(t, s))
}

func TestOpenPathNeedsNoEscaping(t *testing.T) {
	path := filepath.Join(t.TempDir(), "odd name #1?x=%41&y.db")
	s := mustOpen(t, path)
	app := seed(t, s)
	require.NoError(t, s.Close())
	_, err := os.Stat(path)
	require.NoError(t, err, "the database must be created at exactly the given path")

	s = mustOpen(t, path)
	assert.Equal(t, seedEdges, graph(t, s, app.ID))
}

func TestOpenMemoryStoresAreSeparate(t *testing.T) {
	a, b := mustOpen(t, ""), mustOpen(t, Memory)
	seed(t, a)
	ts, err := b.Tenants(t.Context())
	require.NoError(t, err)
	assert.Empty(t, ts)
	v, err := a.SchemaVersion(t.Context())
	require.NoError(t, err)
	assert.Equal(t, lastMigration(t), v)
	require.NoError(t, a.Ping(t.Context()))
}

// lastMigration returns the number of the newest embedded migration.
func lastMigration(tb testing.TB) int {
	tb.Helper()
	names, err := fs.Glob(migrations, "migrations/*.sql")
	require.NoError(tb, err)
	require.NotEmpty(tb, names)
	slices.Sort(names)
	num, _, _ := strings.Cut(filepath.Base(names[len(names)-1]), "_")
	n, err := strconv.Atoi(num)
	require.NoError(tb, err)
	return n
}

func schemaOf(tb testing.TB, s *Store) []string {
	tb.Helper()
	rows, err := s.db.QueryContext(context.Background(),
		`SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_schema ORDER BY type, name`)
	require.NoError(tb, err)
	out, err := scanStrings(rows)
	require.NoError(tb, err)
	return out
}
