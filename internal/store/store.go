// Package store keeps imemu's tenants, users and directed friendship graph
// in SQLite. It knows graphs, not vendors: it never sees HTTP or vendor
// codes, and every mutating method is one transaction.
//
// A method that fails returns no results, and a mutation that fails
// changes nothing. Besides the errors each method names, any method can
// fail with one wrapping ctx.Err() when its context ends first.
//
// Two habits keep the store fast and right, for every statement:
//   - bound values in comparisons, LIMIT and OFFSET are written +? (or
//     +?N), never a bare ?: SQLite re-prepares, on every run, a statement
//     whose plan looked at a bound value, which its planner does for
//     "col = ?" (see friendListSQL);
//   - every mutation runs through write or writeTenant, whose commit
//     empties the read cache (readcache.go); a write outside them would
//     leave stale answers there.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/imemu/imemu/internal/clock"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Memory is the path that opens a private in-memory database.
const Memory = ":memory:"

// Store is a SQLite-backed friendship graph. It is safe for concurrent use.
type Store struct {
	db      *sql.DB // the one writer; also every read of an in-memory database
	rdb     *sql.DB // readers of a file database (WAL lets them run beside the writer); nil in memory
	clock   clock.Clock
	path    string
	tenants tenantCache
	reads   *readCache
}

// ErrNoCgo is what Open returns in a binary built without cgo
// (CGO_ENABLED=0): the SQLite driver is C code.
var ErrNoCgo = errors.New("imemu needs cgo: its store is SQLite through github.com/mattn/go-sqlite3, which is C code, " +
	"and this binary was built with CGO_ENABLED=0; build it with CGO_ENABLED=1 and a C compiler installed (gcc; Debian: apt-get install gcc)")

// Open opens (creating if needed) the database at path, or a private
// in-memory database when path is Memory, and applies pending migrations.
//
// A file database runs in WAL mode with synchronous=FULL, so every write
// that Open's caller saw committed survives a crash of the process or the
// machine.
func Open(ctx context.Context, path string, clk clock.Clock) (*Store, error) {
	if !cgoEnabled {
		return nil, ErrNoCgo
	}
	if path == "" {
		path = Memory
	}
	db, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// One connection: an in-memory database lives and dies with its
	// connection, and one writer at a time means SQLITE_BUSY never reaches
	// a client. SQLite serialises writers anyway.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)

	s := &Store{db: db, clock: clk, path: path, reads: newReadCache(DefaultReadCacheBytes)}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if path != Memory {
		// Readers of their own: a read never waits for a writer's fsync.
		// Opened after the migrations, so they only ever see the schema.
		if s.rdb, err = sql.Open("sqlite3", readDSN(path)); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		s.rdb.SetMaxOpenConns(maxReaders)
		s.rdb.SetMaxIdleConns(maxReaders)
		s.rdb.SetConnMaxLifetime(0)
		s.rdb.SetConnMaxIdleTime(0)
	}
	return s, nil
}

// maxReaders is how many read connections a file database keeps: reads are
// short, so a few cover any number of cores the request path can use.
const maxReaders = 4

// stmtCacheSize is how many prepared statements each connection keeps
// (the driver's _stmt_cache_size): more than the store has distinct
// queries, so a request never pays for SQLite's parser and planner, which
// cost more than most of the queries themselves.
const stmtCacheSize = 128

func dsn(path string) string {
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "5000")
	q.Set("_txlock", "immediate")
	q.Set("_stmt_cache_size", strconv.Itoa(stmtCacheSize))
	if path == Memory {
		return "file::memory:?" + q.Encode()
	}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	return "file:" + uriPath.Replace(path) + "?" + q.Encode()
}

// readDSN opens path for reading only: deferred transactions that take no
// write lock, and query_only so a bug cannot write through a reader.
func readDSN(path string) string {
	q := url.Values{}
	q.Set("_busy_timeout", "5000")
	q.Set("_txlock", "deferred")
	q.Set("_query_only", "true")
	q.Set("_stmt_cache_size", strconv.Itoa(stmtCacheSize))
	return "file:" + uriPath.Replace(path) + "?" + q.Encode()
}

// uriPath escapes what would end or alter the path part of a file: URI:
// the driver cuts the DSN at the first '?', and SQLite reads '#' as the
// start of a fragment and %HH as an escape.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// Path returns the database path the store was opened with.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	if s.rdb != nil {
		if err := s.rdb.Close(); err != nil {
			s.db.Close()
			return err
		}
	}
	return s.db.Close()
}

// SetReadCacheBytes sets roughly how much memory the cache of hot reads
// (friend-list pages, relations) may hold, emptying it; 0 turns it off, so
// every read goes to SQLite. The default is DefaultReadCacheBytes.
func (s *Store) SetReadCacheBytes(n int64) { s.reads.setMax(n) }

// DropReadCache empties the cache of hot reads. The store does so itself
// whenever it commits a write; a caller does it when something outside the
// database that it wants reads to observe changed (the clock).
func (s *Store) DropReadCache() { s.reads.drop(allTenants) }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// reader is the pool reads go to: the readers of a file database, the one
// connection of an in-memory one.
func (s *Store) reader() *sql.DB {
	if s.rdb != nil {
		return s.rdb
	}
	return s.db
}

// migrate applies the embedded migrations whose number is above the
// database's user_version, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	for _, name := range names {
		n, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, "migrations/"), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", name)
		}
		if n <= version {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		err = s.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", n))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// SchemaVersion returns the number of the last applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// write runs fn in one transaction and commits it, or rolls everything back
// when fn fails or ctx ends before the commit (ErrFull when the database
// could not grow). Every mutation goes through
// write (or writeTenant): the commit empties the read cache.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return fullError(s.inTx(ctx, s.db, allTenants, fn))
}

// writeTenant is write for a transaction that changes tenantID's users and
// edges only, so the commit empties only that tenant's part of the read
// cache and parallel tests on other apps keep theirs.
func (s *Store) writeTenant(ctx context.Context, tenantID int64, fn func(tx *sql.Tx) error) error {
	return fullError(s.inTx(ctx, s.db, tenantID, fn))
}

// writeTenants is write for a transaction that may create, change or drop
// tenants: every such method must use it, as it drops the tenant cache
// once the transaction has ended.
func (s *Store) writeTenants(ctx context.Context, fn func(tx *sql.Tx) error) error {
	defer s.tenants.invalidate()
	return s.write(ctx, fn)
}

// bulkWrite is writeTenants for a transaction that loads or drops whole
// apps: the per-user sequence triggers are off while fn runs (the
// sequences of a loaded app restart at 0, a dropped app has none), so a
// large state is not rewritten row by row in users.
func (s *Store) bulkWrite(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.writeTenants(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO bulk_load (one) VALUES (1)`); err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM bulk_load`)
		return err
	})
}

// read runs fn in a transaction that is rolled back afterwards, so it sees
// one consistent state.
func (s *Store) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.inTx(ctx, s.reader(), noCommit, fn)
}

// querier is what a read needs of a *sql.Tx or a *sql.Conn.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readConn is read for the hot reads (friend pages, relation checks). An
// in-memory database has one connection: holding it for fn's whole run
// keeps every writer out as a transaction would, without a BEGIN and a
// ROLLBACK (two more statements through database/sql and cgo, and
// database/sql's per-transaction goroutine). A file database's readers run
// beside its writer, so there fn gets a read transaction.
func (s *Store) readConn(ctx context.Context, fn func(q querier) error) error {
	if s.rdb != nil {
		return s.read(ctx, func(tx *sql.Tx) error { return fn(tx) })
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return fn(conn)
}

// inTx runs fn in a transaction on a connection of db.
//
// The transaction is begun under a context that cannot be cancelled:
// database/sql closes the connection of a transaction whose context ends
// (the driver cannot reset a session), and for an in-memory database that
// one connection is the whole database. ctx still bounds the wait for the
// connection and every statement fn runs (the driver interrupts SQLite),
// and a ctx that ended stops the commit; the rollback then keeps the
// connection.
//
// commitScope is noCommit for a read, else what the commit may change:
// allTenants or one tenant's id, whose cached reads the commit drops while
// holding the read cache's lock.
func (s *Store) inTx(ctx context.Context, db *sql.DB, commitScope int64, fn func(tx *sql.Tx) error) error {
	commit := commitScope != noCommit
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return err
	}
	// A no-op once committed; ignored when SQLite already rolled back an
	// interrupted transaction.
	defer func() { _ = tx.Rollback() }()
	err = fn(tx)
	if cerr := ctx.Err(); cerr != nil && (err != nil || commit) {
		if err == nil || errors.Is(err, cerr) {
			return cerr
		}
		return fmt.Errorf("%w: %w", cerr, err)
	}
	if err != nil || !commit {
		return err
	}
	// In the cache's critical section: a reader sees either the cache as
	// it was before the commit or the emptied one after it.
	s.reads.mu.Lock()
	defer s.reads.mu.Unlock()
	err = tx.Commit()
	s.reads.dropLocked(commitScope)
	return err
}

// noCommit is inTx's commitScope for a read-only transaction.
const noCommit int64 = -2

// now returns the injected clock's time in UTC at millisecond precision,
// the precision both vendors report.
func (s *Store) now() time.Time { return s.clock.Now().UTC().Truncate(time.Millisecond) }

func toMillis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
