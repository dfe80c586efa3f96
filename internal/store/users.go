package store

import (
	"context"
	"database/sql"

	"github.com/imemu/imemu"
)

// RegisterUsers registers users in one transaction and reports, in order,
// whether each was new or already registered (an existing user is left as
// it was). A user listed twice is Registered then AlreadyExists.
func (s *Store) RegisterUsers(ctx context.Context, tenantID int64, us []imemu.User) ([]imemu.RegisterOutcome, error) {
	out := make([]imemu.RegisterOutcome, len(us))
	now := toMillis(s.now())
	err := s.writeTenant(ctx, tenantID, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO users (tenant_id, user_id, name, avatar, extra, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, u := range us {
			res, err := stmt.ExecContext(ctx, tenantID, u.ID, u.Name, u.Avatar, u.Extra, now)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				out[i] = imemu.AlreadyExists
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteUsers removes users with every edge, block and friend application
// that touches them, in one transaction, and reports in order whether each
// existed. (Blocks and applications go by their foreign keys' cascade.)
func (s *Store) DeleteUsers(ctx context.Context, tenantID int64, ids []string) ([]bool, error) {
	out := make([]bool, len(ids))
	err := s.writeTenant(ctx, tenantID, func(tx *sql.Tx) error {
		for i, id := range ids {
			if _, err := tx.ExecContext(ctx, `DELETE FROM friends WHERE tenant_id = +?1 AND (owner = +?2 OR friend = +?2)`, tenantID, id); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE tenant_id = +? AND user_id = +?`, tenantID, id)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			out[i] = n > 0
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UsersExist reports which of ids are registered users of the tenant.
func (s *Store) UsersExist(ctx context.Context, tenantID int64, ids []string) (map[string]bool, error) {
	out := make(map[string]bool, len(ids))
	err := s.read(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			ok, err := userExists(ctx, tx, tenantID, id)
			if err != nil {
				return err
			}
			out[id] = ok
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Users returns the tenant's users ordered by id.
func (s *Store) Users(ctx context.Context, tenantID int64) ([]imemu.User, error) {
	var out []imemu.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = users(ctx, tx, tenantID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// User returns one user, or imemu.ErrUserNotFound.
func (s *Store) User(ctx context.Context, tenantID int64, id string) (imemu.User, error) {
	var (
		u       = imemu.User{ID: id}
		created int64
	)
	err := s.reader().QueryRowContext(ctx, `SELECT name, avatar, extra, created_at FROM users WHERE tenant_id = +? AND user_id = +?`,
		tenantID, id).Scan(&u.Name, &u.Avatar, &u.Extra, &created)
	if err == sql.ErrNoRows {
		return u, imemu.ErrUserNotFound
	}
	u.CreatedAt = fromMillis(created)
	return u, err
}

const userColumns = `user_id, name, avatar, extra, created_at`

func users(ctx context.Context, tx *sql.Tx, tenantID int64) ([]imemu.User, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE tenant_id = +? ORDER BY user_id`, tenantID)
	if err != nil {
		return nil, err
	}
	return scanUsers(rows)
}

func scanUsers(rows *sql.Rows) ([]imemu.User, error) {
	defer rows.Close()
	var out []imemu.User
	for rows.Next() {
		var (
			u       imemu.User
			created int64
		)
		if err := rows.Scan(&u.ID, &u.Name, &u.Avatar, &u.Extra, &created); err != nil {
			return nil, err
		}
		u.CreatedAt = fromMillis(created)
		out = append(out, u)
	}
	return out, rows.Err()
}

const userExistsSQL = `SELECT EXISTS (SELECT 1 FROM users WHERE tenant_id = +? AND user_id = +?)`

func userExists(ctx context.Context, tx querier, tenantID int64, id string) (bool, error) {
	var ok bool
	err := tx.QueryRowContext(ctx, userExistsSQL, tenantID, id).Scan(&ok)
	return ok, err
}

// requireUser returns imemu.ErrUserNotFound unless id is registered.
func requireUser(ctx context.Context, tx querier, tenantID int64, id string) error {
	ok, err := userExists(ctx, tx, tenantID, id)
	if err != nil {
		return err
	}
	if !ok {
		return imemu.ErrUserNotFound
	}
	return nil
}

// UserUpdate is a partial change of one user's profile: nil fields stay
// as they are.
type UserUpdate struct {
	ID     string
	Name   *string
	Avatar *string
	Extra  *string
}

// UpdateUsers applies updates in one transaction, in order, and reports
// for each whether the user exists (an unregistered one is skipped). A
// user updated twice ends with the later values.
func (s *Store) UpdateUsers(ctx context.Context, tenantID int64, updates []UserUpdate) ([]bool, error) {
	out := make([]bool, len(updates))
	err := s.write(ctx, func(tx *sql.Tx) error {
		for i, u := range updates {
			// COALESCE keeps a column whose new value is NULL (nil).
			res, err := tx.ExecContext(ctx, `UPDATE users SET name = COALESCE(?3, name), avatar = COALESCE(?4, avatar),
				extra = COALESCE(?5, extra) WHERE tenant_id = +?1 AND user_id = +?2`,
				tenantID, u.ID, nullable(u.Name), nullable(u.Avatar), nullable(u.Extra))
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			out[i] = n > 0
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func nullable(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

// UsersByID returns those of ids that are registered users of the tenant,
// keyed by id.
func (s *Store) UsersByID(ctx context.Context, tenantID int64, ids []string) (map[string]imemu.User, error) {
	out := make(map[string]imemu.User, len(ids))
	err := s.readConn(ctx, func(tx querier) error {
		for _, id := range ids {
			var (
				u       = imemu.User{ID: id}
				created int64
			)
			err := tx.QueryRowContext(ctx, `SELECT name, avatar, extra, created_at FROM users WHERE tenant_id = +? AND user_id = +?`,
				tenantID, id).Scan(&u.Name, &u.Avatar, &u.Extra, &created)
			if err == sql.ErrNoRows {
				continue
			}
			if err != nil {
				return err
			}
			u.CreatedAt = fromMillis(created)
			out[id] = u
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
