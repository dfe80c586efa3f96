package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/imemu/imemu"
)

// Snapshot errors.
var (
	ErrSnapshotNotFound = errors.New("snapshot not found")
	ErrSnapshotExists   = errors.New("snapshot already exists")
	ErrSnapshotBudget   = errors.New("snapshots over their byte budget")
)

// SnapshotBudgetError is ErrSnapshotBudget with its figures: the bytes the
// saved snapshots hold, the size of the one refused, the budget.
type SnapshotBudgetError struct {
	Used, Size, Budget int64
}

func (e *SnapshotBudgetError) Error() string {
	return fmt.Sprintf("%v: %d bytes saved + %d > %d", ErrSnapshotBudget, e.Used, e.Size, e.Budget)
}

// Is makes errors.Is(err, ErrSnapshotBudget) true.
func (e *SnapshotBudgetError) Is(target error) bool { return target == ErrSnapshotBudget }

// SnapshotInfo describes a saved snapshot: its name, when it was taken and
// the apps whose state it holds.
type SnapshotInfo struct {
	Name      string
	CreatedAt time.Time
	Apps      []imemu.AppKey
}

// snapshotApp is how an app key is kept in the apps column.
type snapshotApp struct {
	Vendor imemu.Vendor `json:"vendor"`
	AppID  uint64       `json:"appId"`
}

// SaveSnapshot stores data, the state of apps in a form the store does not
// interpret, under name, stamped with the clock's time. It returns
// ErrSnapshotExists when name is taken.
func (s *Store) SaveSnapshot(ctx context.Context, name string, apps []imemu.AppKey, data []byte) (SnapshotInfo, error) {
	return s.SaveSnapshotWithin(ctx, name, apps, data, 0)
}

// SaveSnapshotWithin is SaveSnapshot for snapshots that together may hold
// at most maxBytes of data (no bound when not positive): one that would
// take them past it is refused with a *SnapshotBudgetError, checked in the
// same transaction as the insert.
func (s *Store) SaveSnapshotWithin(ctx context.Context, name string, apps []imemu.AppKey, data []byte, maxBytes int64) (SnapshotInfo, error) {
	info := SnapshotInfo{Name: name, CreatedAt: s.now(), Apps: apps}
	keys := make([]snapshotApp, len(apps))
	for i, k := range apps {
		keys[i] = snapshotApp{Vendor: k.Vendor, AppID: k.AppID}
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM snapshots WHERE name = +?)`, name).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return fmt.Errorf("%q: %w", name, ErrSnapshotExists)
		}
		if maxBytes > 0 {
			var used int64
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(length(CAST(data AS BLOB))), 0) FROM snapshots`).Scan(&used); err != nil {
				return err
			}
			if used+int64(len(data)) > maxBytes {
				return &SnapshotBudgetError{Used: used, Size: int64(len(data)), Budget: maxBytes}
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO snapshots (name, created_at, apps, data) VALUES (?, ?, ?, ?)`,
			name, toMillis(info.CreatedAt), marshalJSON(keys), string(data))
		return err
	})
	if err != nil {
		return SnapshotInfo{}, err
	}
	if info.Apps == nil {
		info.Apps = []imemu.AppKey{}
	}
	return info, nil
}

// Snapshot returns the snapshot called name with its data, or
// ErrSnapshotNotFound.
func (s *Store) Snapshot(ctx context.Context, name string) (SnapshotInfo, []byte, error) {
	var (
		info SnapshotInfo
		data []byte
	)
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		info, data, err = snapshot(ctx, tx, name)
		return err
	})
	if err != nil {
		return SnapshotInfo{}, nil, err
	}
	return info, data, nil
}

// Snapshots returns every snapshot, oldest first (by name within a
// millisecond), without their data.
func (s *Store) Snapshots(ctx context.Context) ([]SnapshotInfo, error) {
	out := []SnapshotInfo{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name, created_at, apps FROM snapshots ORDER BY created_at, name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			info, err := scanSnapshot(rows)
			if err != nil {
				return err
			}
			out = append(out, info)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteSnapshot removes the snapshot called name, or returns
// ErrSnapshotNotFound.
func (s *Store) DeleteSnapshot(ctx context.Context, name string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM snapshots WHERE name = +?`, name)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return snapshotNotFound(name)
		}
		return nil
	})
}

// RestoreSnapshot replaces exactly the apps the snapshot called name holds
// with their saved state, in one transaction: each app is dropped (if it
// exists) and loaded again from the state decode makes of the data; other
// apps are untouched. It returns the snapshot's description, or
// ErrSnapshotNotFound, or decode's error (nothing changed then).
func (s *Store) RestoreSnapshot(ctx context.Context, name string, decode func(data []byte) ([]imemu.AppState, error)) (SnapshotInfo, error) {
	var info SnapshotInfo
	err := s.bulkWrite(ctx, func(tx *sql.Tx) error {
		var (
			data []byte
			err  error
		)
		if info, data, err = snapshot(ctx, tx, name); err != nil {
			return err
		}
		apps, err := decode(data)
		if err != nil {
			return fmt.Errorf("snapshot %q: %w", name, err)
		}
		for _, app := range apps {
			if err := deleteTenant(ctx, tx, app.Tenant.Key()); err != nil && !isNotFound(err) {
				return err
			}
			if err := s.loadApp(ctx, tx, app); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return SnapshotInfo{}, err
	}
	return info, nil
}

func snapshot(ctx context.Context, tx *sql.Tx, name string) (SnapshotInfo, []byte, error) {
	var data string
	row := tx.QueryRowContext(ctx, `SELECT name, created_at, apps, data FROM snapshots WHERE name = +?`, name)
	info, err := scanSnapshot(row, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return info, nil, snapshotNotFound(name)
	}
	return info, []byte(data), err
}

// scanSnapshot reads name, created_at and apps, then any extra columns
// into extra.
func scanSnapshot(row scanner, extra ...any) (SnapshotInfo, error) {
	var (
		info    SnapshotInfo
		created int64
		apps    string
	)
	if err := row.Scan(append([]any{&info.Name, &created, &apps}, extra...)...); err != nil {
		return info, err
	}
	info.CreatedAt = fromMillis(created)
	var keys []snapshotApp
	if err := json.Unmarshal([]byte(apps), &keys); err != nil {
		return info, fmt.Errorf("snapshot %q apps: %w", info.Name, err)
	}
	info.Apps = make([]imemu.AppKey, len(keys))
	for i, k := range keys {
		info.Apps[i] = imemu.AppKey{Vendor: k.Vendor, AppID: k.AppID}
	}
	return info, nil
}

func snapshotNotFound(name string) error { return fmt.Errorf("%q: %w", name, ErrSnapshotNotFound) }
