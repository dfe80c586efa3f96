package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/imemu/imemu"
)

// Friend-group errors.
var (
	ErrGroupLimit    = errors.New("friend group limit reached")
	ErrGroupNotFound = errors.New("friend group not found")
)

// Group is one of a user's friend groups with its members, in the order
// the owner added them as friends.
type Group struct {
	Name    string
	Members []string
}

// MemberOutcome is what putting one account into new groups did.
type MemberOutcome int

// The outcomes of putting an account into groups.
const (
	MemberAdded         MemberOutcome = iota // the friend is in every group now
	MemberNotFriend                          // the owner does not list the account
	MemberNotRegistered                      // the account is not a user of the tenant
)

// Groups returns owner's friend groups in the order they were created,
// with their members, and owner's group sequence. It returns
// imemu.ErrUserNotFound when owner is not registered.
func (s *Store) Groups(ctx context.Context, tenantID int64, owner string) ([]Group, int64, error) {
	var (
		out []Group
		seq int64
	)
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT group_seq FROM users WHERE tenant_id = +? AND user_id = +?`, tenantID, owner).Scan(&seq); err != nil {
			if err == sql.ErrNoRows {
				return imemu.ErrUserNotFound
			}
			return err
		}
		names, err := groupNames(ctx, tx, tenantID, owner)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT f.friend, j.value FROM friends f, json_each(f.groups) j
			WHERE f.tenant_id = +? AND f.owner = +? AND f.groups <> '[]' ORDER BY f.added_at, f.friend`, tenantID, owner)
		if err != nil {
			return err
		}
		defer rows.Close()
		members := map[string][]string{}
		for rows.Next() {
			var friend, name string
			if err := rows.Scan(&friend, &name); err != nil {
				return err
			}
			members[name] = append(members[name], friend)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		out = make([]Group, len(names))
		for i, n := range names {
			out[i] = Group{Name: n, Members: members[n]}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, seq, nil
}

func groupNames(ctx context.Context, tx *sql.Tx, tenantID int64, owner string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM friend_groups WHERE tenant_id = +? AND owner = +? ORDER BY position, name`, tenantID, owner)
	if err != nil {
		return nil, err
	}
	return scanStrings(rows)
}

// fitsGroups returns ErrGroupLimit when adding names to owner's groups
// would take the list over max (max <= 0: no cap).
func fitsGroups(ctx context.Context, tx *sql.Tx, tenantID int64, owner string, names []string, max int) error {
	if max <= 0 || len(names) == 0 {
		return nil
	}
	have, err := groupNames(ctx, tx, tenantID, owner)
	if err != nil {
		return err
	}
	n := len(have)
	for i, name := range names {
		if !slices.Contains(have, name) && !slices.Contains(names[:i], name) {
			n++
		}
	}
	if n > max {
		return fmt.Errorf("%s would have %d friend groups, at most %d: %w", owner, n, max, ErrGroupLimit)
	}
	return nil
}

// AddGroups creates the groups names in owner's list (a name that exists
// is kept) and puts each of members that owner lists into all of them, in
// one transaction, reporting an outcome per member. It returns owner's
// group sequence afterwards, imemu.ErrUserNotFound when owner is not
// registered, or ErrGroupLimit when the list would have more than max
// groups (nothing changes then).
func (s *Store) AddGroups(ctx context.Context, tenantID int64, owner string, names, members []string, max int) ([]MemberOutcome, int64, error) {
	out := make([]MemberOutcome, len(members))
	var seq int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := requireUser(ctx, tx, tenantID, owner); err != nil {
			return err
		}
		if err := fitsGroups(ctx, tx, tenantID, owner, names, max); err != nil {
			return err
		}
		for _, name := range dedupe(names) {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO friend_groups (tenant_id, owner, name, position)
				SELECT ?1, ?2, ?3, COALESCE(MAX(position), 0) + 1 FROM friend_groups WHERE tenant_id = +?1 AND owner = +?2`,
				tenantID, owner, name); err != nil {
				return err
			}
		}
		for i, m := range members {
			f, ok, err := edge(ctx, tx, tenantID, owner, m)
			if err != nil {
				return err
			}
			if !ok {
				out[i] = MemberNotFriend
				if reg, err := userExists(ctx, tx, tenantID, m); err != nil {
					return err
				} else if !reg {
					out[i] = MemberNotRegistered
				}
				continue
			}
			groups := slices.Clone(f.Groups)
			for _, name := range names {
				if !slices.Contains(groups, name) {
					groups = append(groups, name)
				}
			}
			if err := setEdgeGroups(ctx, tx, tenantID, owner, m, groups); err != nil {
				return err
			}
		}
		return tx.QueryRowContext(ctx, `SELECT group_seq FROM users WHERE tenant_id = +? AND user_id = +?`, tenantID, owner).Scan(&seq)
	})
	if err != nil {
		return nil, 0, err
	}
	return out, seq, nil
}

// DeleteGroups removes the groups names from owner's list and from every
// edge of owner that names them, in one transaction, and returns owner's
// group sequence afterwards. It returns imemu.ErrUserNotFound when owner is
// not registered, or ErrGroupNotFound when one of names is not a group of
// owner (nothing changes then).
func (s *Store) DeleteGroups(ctx context.Context, tenantID int64, owner string, names []string) (int64, error) {
	var seq int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := requireUser(ctx, tx, tenantID, owner); err != nil {
			return err
		}
		for _, name := range dedupe(names) {
			res, err := tx.ExecContext(ctx, `DELETE FROM friend_groups WHERE tenant_id = +? AND owner = +? AND name = +?`, tenantID, owner, name)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return fmt.Errorf("%q: %w", name, ErrGroupNotFound)
			}
			// Members: rewrite the groups of the edges that name it.
			if _, err := tx.ExecContext(ctx, `UPDATE friends SET groups = COALESCE(
					(SELECT json_group_array(j.value) FROM json_each(friends.groups) j WHERE j.value <> +?3), '[]')
				WHERE tenant_id = +?1 AND owner = +?2 AND EXISTS (SELECT 1 FROM json_each(friends.groups) j WHERE j.value = +?3)`,
				tenantID, owner, name); err != nil {
				return err
			}
		}
		return tx.QueryRowContext(ctx, `SELECT group_seq FROM users WHERE tenant_id = +? AND user_id = +?`, tenantID, owner).Scan(&seq)
	})
	if err != nil {
		return 0, err
	}
	return seq, nil
}

func setEdgeGroups(ctx context.Context, tx *sql.Tx, tenantID int64, owner, friend string, groups []string) error {
	_, err := tx.ExecContext(ctx, `UPDATE friends SET groups = ? WHERE tenant_id = +? AND owner = +? AND friend = +?`,
		marshalJSON(groups), tenantID, owner, friend)
	return err
}

// friendGroups returns the tenant's friend groups by owner and creation
// order, for a state export.
func friendGroups(ctx context.Context, tx *sql.Tx, tenantID int64) ([]imemu.FriendGroup, error) {
	rows, err := tx.QueryContext(ctx, `SELECT owner, name FROM friend_groups WHERE tenant_id = +? ORDER BY owner, position, name`, tenantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []imemu.FriendGroup
	for rows.Next() {
		var g imemu.FriendGroup
		if err := rows.Scan(&g.Owner, &g.Name); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// loadGroups creates a loaded app's friend groups, before its edges, so
// they keep their order.
func loadGroups(ctx context.Context, tx *sql.Tx, tenantID int64, gs []imemu.FriendGroup) error {
	for i, g := range gs {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO friend_groups (tenant_id, owner, name, position) VALUES (?, ?, ?, ?)`,
			tenantID, g.Owner, g.Name, i+1); err != nil {
			return err
		}
	}
	return nil
}

// dedupe returns list without repeats, in first-seen order.
func dedupe(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
