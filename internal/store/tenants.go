package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/imemu/imemu"
)

const tenantColumns = `id, vendor, app_id, secret, admin, callback_url, limits, created_at, settings`

// CreateTenant adds a tenant with no users and returns it with its ID and
// creation time set (the clock's time when t has none; in UTC at
// millisecond precision either way). It returns imemu.ErrAppExists when
// the vendor already has an app with that id.
func (s *Store) CreateTenant(ctx context.Context, t imemu.Tenant) (imemu.Tenant, error) {
	err := s.writeTenants(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = s.insertTenant(ctx, tx, t)
		return err
	})
	if err != nil {
		return imemu.Tenant{}, err
	}
	return t, nil
}

func (s *Store) insertTenant(ctx context.Context, tx *sql.Tx, t imemu.Tenant) (imemu.Tenant, error) {
	if !storable(t.Key()) {
		return t, fmt.Errorf("%s app %d: app ids above %d do not fit SQLite's INTEGER", t.Vendor, t.AppID, math.MaxInt64)
	}
	var exists bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM tenants WHERE vendor = +? AND app_id = +?)`,
		string(t.Vendor), t.AppID).Scan(&exists)
	if err != nil {
		return t, err
	}
	if exists {
		return t, fmt.Errorf("%s app %d: %w", t.Vendor, t.AppID, imemu.ErrAppExists)
	}
	limits, err := json.Marshal(t.Limits)
	if err != nil {
		return t, err
	}
	settings, err := json.Marshal(t.Settings)
	if err != nil {
		return t, err
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = s.now()
	}
	// Return the time as it is stored (UTC, ms), as Tenant will read it.
	t.CreatedAt = fromMillis(toMillis(t.CreatedAt))
	res, err := tx.ExecContext(ctx, `INSERT INTO tenants (vendor, app_id, secret, admin, callback_url, limits, created_at, settings)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		string(t.Vendor), t.AppID, t.Secret, t.Admin, t.CallbackURL, string(limits), toMillis(t.CreatedAt), string(settings))
	if err != nil {
		return t, err
	}
	t.ID, err = res.LastInsertId()
	return t, err
}

const tenantSQL = `SELECT ` + tenantColumns + ` FROM tenants WHERE vendor = +? AND app_id = +?`

// Tenant returns the tenant with the given key, or imemu.ErrAppNotFound.
func (s *Store) Tenant(ctx context.Context, key imemu.AppKey) (imemu.Tenant, error) {
	if !storable(key) {
		return imemu.Tenant{}, appNotFound(key)
	}
	t, gen, ok := s.tenants.get(key)
	if ok {
		return t, nil
	}
	row := s.reader().QueryRowContext(ctx, tenantSQL, string(key.Vendor), key.AppID)
	t, err := scanTenant(row)
	if errors.Is(err, sql.ErrNoRows) {
		return t, appNotFound(key)
	}
	if err == nil {
		s.tenants.put(gen, t)
	}
	return t, err
}

// Tenants returns every tenant, ordered by vendor and app id.
func (s *Store) Tenants(ctx context.Context) ([]imemu.Tenant, error) {
	var out []imemu.Tenant
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = tenants(ctx, tx, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func tenants(ctx context.Context, tx *sql.Tx, only *imemu.AppKey) ([]imemu.Tenant, error) {
	q := `SELECT ` + tenantColumns + ` FROM tenants`
	var args []any
	if only != nil && !storable(*only) {
		return nil, nil
	}
	if only != nil {
		q += ` WHERE vendor = +? AND app_id = +?`
		args = append(args, string(only.Vendor), only.AppID)
	}
	rows, err := tx.QueryContext(ctx, q+` ORDER BY vendor, app_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []imemu.Tenant
	for rows.Next() {
		t, err := scanTenant(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// UpdateTenant replaces the credentials, admin, callback URL, limits and
// settings of the tenant with t's key. It returns imemu.ErrAppNotFound when
// there is none.
func (s *Store) UpdateTenant(ctx context.Context, t imemu.Tenant) error {
	limits, err := json.Marshal(t.Limits)
	if err != nil {
		return err
	}
	settings, err := json.Marshal(t.Settings)
	if err != nil {
		return err
	}
	if !storable(t.Key()) {
		return appNotFound(t.Key())
	}
	return s.writeTenants(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tenants SET secret = ?, admin = ?, callback_url = ?, limits = ?, settings = ?
			WHERE vendor = +? AND app_id = +?`,
			t.Secret, t.Admin, t.CallbackURL, string(limits), string(settings), string(t.Vendor), t.AppID)
		if err != nil {
			return err
		}
		return mustAffect(res, t.Key())
	})
}

// DeleteTenant removes a tenant with all its users and friendships. It
// returns imemu.ErrAppNotFound when there is none.
func (s *Store) DeleteTenant(ctx context.Context, key imemu.AppKey) error {
	return s.bulkWrite(ctx, func(tx *sql.Tx) error {
		return deleteTenant(ctx, tx, key)
	})
}

func deleteTenant(ctx context.Context, tx *sql.Tx, key imemu.AppKey) error {
	if !storable(key) {
		return appNotFound(key)
	}
	// Edges, blocks and applications first: their foreign keys point at
	// users, not tenants.
	for _, table := range []string{"friends", "blocks", "applications"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE tenant_id = (SELECT id FROM tenants WHERE vendor = +? AND app_id = +?)`,
			string(key.Vendor), key.AppID); err != nil {
			return err
		}
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM tenants WHERE vendor = +? AND app_id = +?`, string(key.Vendor), key.AppID)
	if err != nil {
		return err
	}
	return mustAffect(res, key)
}

func mustAffect(res sql.Result, key imemu.AppKey) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return appNotFound(key)
	}
	return nil
}

// storable reports whether key's app id fits the signed INTEGER column.
// Ids that do not are no tenant's: looking one up finds nothing, instead
// of failing in the driver, which refuses uint64s with the high bit set.
func storable(key imemu.AppKey) bool { return key.AppID <= math.MaxInt64 }

func appNotFound(key imemu.AppKey) error {
	return fmt.Errorf("%s app %d: %w", key.Vendor, key.AppID, imemu.ErrAppNotFound)
}

func isNotFound(err error) bool { return errors.Is(err, imemu.ErrAppNotFound) }

type scanner interface{ Scan(dest ...any) error }

func scanTenant(row scanner) (imemu.Tenant, error) {
	var (
		t        imemu.Tenant
		vendor   string
		limits   string
		created  int64
		settings string
	)
	if err := row.Scan(&t.ID, &vendor, &t.AppID, &t.Secret, &t.Admin, &t.CallbackURL, &limits, &created, &settings); err != nil {
		return t, err
	}
	t.Vendor = imemu.Vendor(vendor)
	t.CreatedAt = fromMillis(created)
	if err := json.Unmarshal([]byte(limits), &t.Limits); err != nil {
		return t, fmt.Errorf("tenant %d limits: %w", t.ID, err)
	}
	if err := json.Unmarshal([]byte(settings), &t.Settings); err != nil {
		return t, fmt.Errorf("tenant %d settings: %w", t.ID, err)
	}
	return t, nil
}
