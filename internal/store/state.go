package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/imemu/imemu"
)

// ReplaceApps swaps state in one transaction: when only is nil every tenant
// is dropped and apps are loaded in their place; otherwise only the tenant
// with that key is dropped (if present) and apps, which must hold at most
// that tenant, are loaded. Callers validate apps first (fixtures.Parse);
// a constraint failure rolls everything back.
func (s *Store) ReplaceApps(ctx context.Context, apps []imemu.AppState, only *imemu.AppKey) error {
	return s.bulkWrite(ctx, func(tx *sql.Tx) error {
		if only == nil {
			for _, q := range []string{`DELETE FROM friends`, `DELETE FROM blocks`, `DELETE FROM applications`, `DELETE FROM users`, `DELETE FROM tenants`} {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
		} else if err := deleteTenant(ctx, tx, *only); err != nil && !isNotFound(err) {
			return err
		}
		for _, app := range apps {
			if err := s.loadApp(ctx, tx, app); err != nil {
				return err
			}
		}
		return nil
	})
}

// bulkRows is how many rows make a statement worth preparing on its own:
// below it, the connection's statement cache (which tx.ExecContext uses)
// saves compiling and finalizing one for a per-test app of a few users.
const bulkRows = 64

// execFor returns how to run query n times in tx: through a statement
// prepared for this load when n is large, else through the connection's
// statement cache. done releases what it prepared.
func execFor(ctx context.Context, tx *sql.Tx, query string, n int) (exec func(ctx context.Context, args ...any) (sql.Result, error), done func(), err error) {
	if n < bulkRows {
		return func(ctx context.Context, args ...any) (sql.Result, error) {
			return tx.ExecContext(ctx, query, args...)
		}, func() {}, nil
	}
	stmt, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	return stmt.ExecContext, func() { stmt.Close() }, nil
}

func (s *Store) loadApp(ctx context.Context, tx *sql.Tx, app imemu.AppState) error {
	t, err := s.insertTenant(ctx, tx, app.Tenant)
	if err != nil {
		return err
	}
	now := s.now()
	insUser, done, err := execFor(ctx, tx, `INSERT INTO users (tenant_id, user_id, name, avatar, extra, created_at) VALUES (?, ?, ?, ?, ?, ?)`, len(app.Users))
	if err != nil {
		return err
	}
	defer done()
	for _, u := range app.Users {
		if u.CreatedAt.IsZero() {
			u.CreatedAt = now
		}
		if _, err := insUser(ctx, t.ID, u.ID, u.Name, u.Avatar, u.Extra, toMillis(u.CreatedAt)); err != nil {
			return err
		}
	}
	if err := loadGroups(ctx, tx, t.ID, app.Groups); err != nil {
		return err
	}
	ins, doneFriends, err := execFor(ctx, tx, insertFriendSQL, len(app.Friends))
	if err != nil {
		return err
	}
	defer doneFriends()
	for _, f := range app.Friends {
		if f.AddedAt.IsZero() {
			f.AddedAt = now
		}
		if _, err := insertFriend(ctx, ins, t.ID, f); err != nil {
			return err
		}
	}
	for _, b := range app.Blocks {
		if b.AddedAt.IsZero() {
			b.AddedAt = now
		}
		if err := insertBlock(ctx, tx, t.ID, b); err != nil {
			return err
		}
	}
	for _, a := range app.Applications {
		if a.CreatedAt.IsZero() {
			a.CreatedAt = now
		}
		if a.UpdatedAt.IsZero() {
			a.UpdatedAt = a.CreatedAt
		}
		if a.State == "" {
			a.State = imemu.ApplicationWaiting
		}
		if err := upsertApplication(ctx, tx, t.ID, a); err != nil {
			return err
		}
	}
	return loadProfiles(ctx, tx, t.ID, app.Profiles)
}

// ExportApps returns the full state of every tenant (only == nil) or of the
// tenant with key *only (imemu.ErrAppNotFound if there is none), read in one
// consistent snapshot. Applications carry their state at the clock's now
// (a waiting one past its expiry is exported as expired).
func (s *Store) ExportApps(ctx context.Context, only *imemu.AppKey) ([]imemu.AppState, error) {
	var out []imemu.AppState
	now := s.now()
	err := s.read(ctx, func(tx *sql.Tx) error {
		ts, err := tenants(ctx, tx, only)
		if err != nil {
			return err
		}
		if only != nil && len(ts) == 0 {
			return appNotFound(*only)
		}
		for _, t := range ts {
			app := imemu.AppState{Tenant: t}
			if app.Users, err = users(ctx, tx, t.ID); err != nil {
				return err
			}
			if app.Friends, err = allFriends(ctx, tx, t.ID); err != nil {
				return err
			}
			if app.Blocks, err = allBlocks(ctx, tx, t.ID); err != nil {
				return err
			}
			if app.Applications, err = allApplications(ctx, tx, t.ID, now); err != nil {
				return err
			}
			if app.Profiles, err = profiles(ctx, tx, t.ID); err != nil {
				return err
			}
			if app.Groups, err = friendGroups(ctx, tx, t.ID); err != nil {
				return err
			}
			out = append(out, app)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func allFriends(ctx context.Context, tx *sql.Tx, tenantID int64) ([]imemu.Friend, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+friendColumns+` FROM friends WHERE tenant_id = +? ORDER BY owner, added_at, friend`, tenantID)
	if err != nil {
		return nil, err
	}
	return scanFriends(rows)
}

func marshalJSON(v any) string {
	// What almost every edge holds, without encoding/json.
	switch l := v.(type) {
	case []string:
		if len(l) == 0 {
			return "[]"
		}
	case []imemu.Attribute:
		if len(l) == 0 {
			return "[]"
		}
	}
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "[]"
	}
	return string(b)
}
