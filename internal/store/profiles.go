package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"

	"github.com/imemu/imemu"
)

// UserProfile is a user with its profile.
type UserProfile struct {
	User    imemu.User
	Profile imemu.Profile
}

// ProfileChange says what SetProfile changes: nil fields stay as they are,
// and Fields are set tag by tag (other tags stay).
type ProfileChange struct {
	Name, Avatar  *string
	AllowType     *imemu.AllowType
	ForbidSendOut *bool
	Fields        map[string]json.RawMessage
}

const profileColumns = `user_id, name, avatar, created_at, allow_type, forbid_send_out, profile`

// Profiles returns the users among ids that are registered, with their
// profiles, keyed by id.
func (s *Store) Profiles(ctx context.Context, tenantID int64, ids []string) (map[string]UserProfile, error) {
	out := make(map[string]UserProfile, len(ids))
	err := s.read(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, ok := out[id]; ok {
				continue
			}
			rows, err := tx.QueryContext(ctx, `SELECT `+profileColumns+` FROM users WHERE tenant_id = +? AND user_id = +?`, tenantID, id)
			if err != nil {
				return err
			}
			ps, err := scanProfiles(rows)
			if err != nil {
				return err
			}
			if len(ps) == 1 {
				out[id] = ps[0]
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetProfile applies change to user id in one transaction. It returns
// imemu.ErrUserNotFound when id is not registered.
func (s *Store) SetProfile(ctx context.Context, tenantID int64, id string, change ProfileChange) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+profileColumns+` FROM users WHERE tenant_id = +? AND user_id = +?`, tenantID, id)
		if err != nil {
			return err
		}
		ps, err := scanProfiles(rows)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return imemu.ErrUserNotFound
		}
		u, p := ps[0].User, ps[0].Profile
		if change.Name != nil {
			u.Name = *change.Name
		}
		if change.Avatar != nil {
			u.Avatar = *change.Avatar
		}
		if change.AllowType != nil {
			p.AllowType = *change.AllowType
		}
		if change.ForbidSendOut != nil {
			p.ForbidSendOut = *change.ForbidSendOut
		}
		if len(change.Fields) > 0 {
			if p.Fields == nil {
				p.Fields = map[string]json.RawMessage{}
			}
			maps.Copy(p.Fields, change.Fields)
		}
		_, err = tx.ExecContext(ctx, `UPDATE users SET name = ?, avatar = ?, allow_type = ?, forbid_send_out = ?, profile = ?
			WHERE tenant_id = +? AND user_id = +?`, u.Name, u.Avatar, string(p.AllowType), p.ForbidSendOut, marshalFields(p.Fields), tenantID, id)
		return err
	})
}

// Sequences returns owner's friend-data sequences, or
// imemu.ErrUserNotFound.
func (s *Store) Sequences(ctx context.Context, tenantID int64, owner string) (imemu.Sequences, error) {
	var q imemu.Sequences
	err := s.reader().QueryRowContext(ctx, `SELECT standard_seq, custom_seq, group_seq, block_seq FROM users WHERE tenant_id = +? AND user_id = +?`,
		tenantID, owner).Scan(&q.Standard, &q.Custom, &q.Group, &q.Block)
	if err == sql.ErrNoRows {
		return q, imemu.ErrUserNotFound
	}
	return q, err
}

func scanProfiles(rows *sql.Rows) ([]UserProfile, error) {
	defer rows.Close()
	var out []UserProfile
	for rows.Next() {
		var (
			up      UserProfile
			created int64
			allow   string
			fields  string
		)
		if err := rows.Scan(&up.User.ID, &up.User.Name, &up.User.Avatar, &created, &allow, &up.Profile.ForbidSendOut, &fields); err != nil {
			return nil, err
		}
		up.User.CreatedAt = fromMillis(created)
		up.Profile.User = up.User.ID
		up.Profile.AllowType = imemu.AllowType(allow)
		if fields != "{}" {
			if err := json.Unmarshal([]byte(fields), &up.Profile.Fields); err != nil {
				return nil, fmt.Errorf("user %s profile: %w", up.User.ID, err)
			}
		}
		out = append(out, up)
	}
	return out, rows.Err()
}

// profiles returns the tenant's non-zero profiles ordered by user id, for
// a state export.
func profiles(ctx context.Context, tx *sql.Tx, tenantID int64) ([]imemu.Profile, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+profileColumns+` FROM users WHERE tenant_id = +?
		AND (allow_type <> '' OR forbid_send_out OR profile <> '{}')
		ORDER BY user_id`, tenantID)
	if err != nil {
		return nil, err
	}
	ups, err := scanProfiles(rows)
	if err != nil {
		return nil, err
	}
	var out []imemu.Profile
	for _, up := range ups {
		out = append(out, up.Profile)
	}
	return out, nil
}

// loadProfiles writes the profiles of a loaded app and starts every
// user's sequences at 0, undoing what the triggers counted while the
// app's edges were inserted.
func loadProfiles(ctx context.Context, tx *sql.Tx, tenantID int64, ps []imemu.Profile) error {
	if _, err := tx.ExecContext(ctx, `UPDATE users SET standard_seq = 0, custom_seq = 0, group_seq = 0, block_seq = 0 WHERE tenant_id = +?`, tenantID); err != nil {
		return err
	}
	for _, p := range ps {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET allow_type = ?, forbid_send_out = ?, profile = ?
			WHERE tenant_id = +? AND user_id = +?`,
			string(p.AllowType), p.ForbidSendOut, marshalFields(p.Fields), tenantID, p.User); err != nil {
			return err
		}
	}
	return nil
}

func marshalFields(m map[string]json.RawMessage) string {
	if len(m) == 0 {
		return "{}"
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "{}"
	}
	return string(b)
}
