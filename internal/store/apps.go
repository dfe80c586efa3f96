package store

import (
	"context"
	"database/sql"

	"github.com/imemu/imemu"
)

// AppSummary is a tenant with the size of its state.
type AppSummary struct {
	Tenant  imemu.Tenant
	Users   int // registered users
	Friends int // directed edges: a two-way friendship counts twice
}

// CreateApp adds one app with its users and friendships in one
// transaction and returns its tenant as stored. It returns
// imemu.ErrAppExists when the vendor already has an app with that id.
// Callers validate app first (fixtures.File.Validate).
func (s *Store) CreateApp(ctx context.Context, app imemu.AppState) (imemu.Tenant, error) {
	var t imemu.Tenant
	key := app.Tenant.Key()
	err := s.bulkWrite(ctx, func(tx *sql.Tx) error {
		if err := s.loadApp(ctx, tx, app); err != nil {
			return err
		}
		ts, err := tenants(ctx, tx, &key)
		if err != nil {
			return err
		}
		t = ts[0]
		return nil
	})
	if err != nil {
		return imemu.Tenant{}, err
	}
	return t, nil
}

// AppSummaries returns every tenant (only == nil) or the tenant with key
// *only (imemu.ErrAppNotFound if there is none) with its user and edge
// counts, ordered by vendor and app id, read in one consistent snapshot.
func (s *Store) AppSummaries(ctx context.Context, only *imemu.AppKey) ([]AppSummary, error) {
	var out []AppSummary
	err := s.read(ctx, func(tx *sql.Tx) error {
		ts, err := tenants(ctx, tx, only)
		if err != nil {
			return err
		}
		if only != nil && len(ts) == 0 {
			return appNotFound(*only)
		}
		out = make([]AppSummary, len(ts))
		for i, t := range ts {
			out[i].Tenant = t
			err := tx.QueryRowContext(ctx, `SELECT
				(SELECT COUNT(*) FROM users WHERE tenant_id = +?1),
				(SELECT COUNT(*) FROM friends WHERE tenant_id = +?1)`, t.ID).Scan(&out[i].Users, &out[i].Friends)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
