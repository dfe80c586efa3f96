package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/imemu/imemu"
)

const friendColumns = `owner, friend, remark, groups, add_source, add_wording, attributes, added_at`

// AddOptions says how AddFriends adds.
type AddOptions struct {
	TwoWay     bool // also add target → owner
	MaxFriends int  // refuse a target when an owner of a new edge already has this many friends; 0 = no cap
	MaxGroups  int  // refuse a target whose groups would take the owner over this many friend groups; 0 = no cap
	// CheckBlocks refuses an add between a pair where either side blocks
	// the other: OwnerBlocksTarget, TargetBlocksOwner (TIM).
	CheckBlocks bool
	// CheckSender refuses every add with OwnerForbidden when the owner may
	// not send friend requests (ForbidSendOut).
	CheckSender bool
	// Verify makes each add a friend request the target's AllowType
	// decides (DefaultAllowType for a target that set none): TargetDenies
	// for DenyAny; for NeedConfirm no edge but a waiting application from
	// the owner (TargetNeedsConfirm), or PendingLimit when the target
	// already has MaxPending waiting ones (0 = no cap).
	Verify           bool
	DefaultAllowType imemu.AllowType
	MaxPending       int
}

// AddFriends adds owner → target for each of adds (and target → owner when
// opts.TwoWay) in one transaction, reporting an outcome per target in
// order. An edge that exists is left as it is; the reverse edge of a
// two-way add gets only the add source. It returns imemu.ErrUserNotFound
// when owner is not registered; nothing is written then.
func (s *Store) AddFriends(ctx context.Context, tenantID int64, owner string, adds []imemu.Friend, opts AddOptions) ([]imemu.AddResult, error) {
	out := make([]imemu.AddResult, len(adds))
	now := s.now()
	err := s.writeTenant(ctx, tenantID, func(tx *sql.Tx) error {
		if len(adds) == 0 {
			return requireUser(ctx, tx, tenantID, owner)
		}
		ins := func(ctx context.Context, args ...any) (sql.Result, error) {
			return tx.ExecContext(ctx, insertFriendSQL, args...)
		}
		for i, f := range adds {
			out[i] = imemu.AddResult{Target: f.ID}
			f.Owner = owner
			if f.AddedAt.IsZero() {
				f.AddedAt = now
			}
			edges := []imemu.Friend{f}
			if opts.TwoWay {
				edges = append(edges, imemu.Friend{Owner: f.ID, ID: owner, AddSource: f.AddSource, AddedAt: f.AddedAt})
			}
			// The first target's checks also look up owner, before
			// anything is written.
			if outcome, err := addOutcome(ctx, tx, tenantID, edges, opts.MaxFriends, i == 0); err != nil || outcome != imemu.Added {
				out[i].Outcome = outcome
				if err != nil {
					return err
				}
				continue
			}
			if outcome, err := checkAdd(ctx, tx, tenantID, f, opts, now); err != nil || outcome != imemu.Added {
				out[i].Outcome = outcome
				if err != nil {
					return err
				}
				continue
			}
			for _, e := range edges {
				created, err := insertFriend(ctx, ins, tenantID, e)
				if err != nil {
					return err
				}
				if created {
					out[i].Created = append(out[i].Created, imemu.Edge{Owner: e.Owner, Friend: e.ID})
				}
			}
			if len(out[i].Created) == 0 {
				out[i].Outcome = imemu.AlreadyFriend
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// addOutcome reports TargetNotRegistered when the target of edges[0] is
// not registered, else OwnerAtLimit or TargetAtLimit when an edge that
// does not exist yet would take its owner over max friends (max <= 0: no
// limit), else Added. edges are owner → target and, for a two-way add,
// target → owner. With checkOwner it first returns imemu.ErrUserNotFound
// when owner (edges[0].Owner) is not registered. One statement: each costs
// a round trip through database/sql and cgo, and an add runs this once per
// target.
func addOutcome(ctx context.Context, tx *sql.Tx, tenantID int64, edges []imemu.Friend, max int, checkOwner bool) (imemu.AddOutcome, error) {
	var (
		ownerOK    bool
		registered bool
		exists     [2]bool
		n          [2]int
	)
	// CASE evaluates lazily: no counting without a limit, and nothing
	// about the reverse edge for a one-way add.
	err := tx.QueryRowContext(ctx, addOutcomeSQL,
		tenantID, edges[0].Owner, edges[0].ID, max > 0, len(edges) > 1, checkOwner).Scan(&ownerOK, &registered, &exists[0], &n[0], &exists[1], &n[1])
	switch {
	case err != nil:
		return imemu.Added, err
	case !ownerOK:
		return imemu.Added, imemu.ErrUserNotFound
	case !registered:
		return imemu.TargetNotRegistered, nil
	case max <= 0:
		return imemu.Added, nil
	case !exists[0] && n[0] >= max:
		return imemu.OwnerAtLimit, nil
	case len(edges) > 1 && !exists[1] && n[1] >= max:
		return imemu.TargetAtLimit, nil
	}
	return imemu.Added, nil
}

// addOutcomeSQL is addOutcome's one statement (+? as in friendListSQL).
const addOutcomeSQL = `SELECT
		CASE WHEN +?6 THEN EXISTS (SELECT 1 FROM users WHERE tenant_id = +?1 AND user_id = +?2) ELSE 1 END,
		EXISTS (SELECT 1 FROM users WHERE tenant_id = +?1 AND user_id = +?3),
		CASE WHEN +?4 THEN EXISTS (SELECT 1 FROM friends WHERE tenant_id = +?1 AND owner = +?2 AND friend = +?3) ELSE 0 END,
		CASE WHEN +?4 THEN (SELECT COUNT(*) FROM friends WHERE tenant_id = +?1 AND owner = +?2) ELSE 0 END,
		CASE WHEN +?4 AND +?5 THEN EXISTS (SELECT 1 FROM friends WHERE tenant_id = +?1 AND owner = +?3 AND friend = +?2) ELSE 0 END,
		CASE WHEN +?4 AND +?5 THEN (SELECT COUNT(*) FROM friends WHERE tenant_id = +?1 AND owner = +?3) ELSE 0 END`

const insertFriendSQL = `INSERT INTO friends (tenant_id, ` + friendColumns + `)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`

// insertFriend inserts one edge unless it exists and reports whether it
// did. exec runs insertFriendSQL: a prepared statement's ExecContext, or
// the transaction's.
func insertFriend(ctx context.Context, exec func(ctx context.Context, args ...any) (sql.Result, error), tenantID int64, f imemu.Friend) (bool, error) {
	res, err := exec(ctx, tenantID, f.Owner, f.ID, f.Remark, marshalJSON(f.Groups), f.AddSource,
		f.AddWording, marshalJSON(f.Attributes), toMillis(f.AddedAt))
	if err != nil {
		return false, fmt.Errorf("add %s → %s: %w", f.Owner, f.ID, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// DeleteFriends removes owner → target for each target (and target → owner
// when twoWay) in one transaction, reporting an outcome per target in
// order. A target the owner does not list is NotFriend and nothing about it
// changes, even a reverse edge. It returns imemu.ErrUserNotFound when owner
// is not registered; nothing is written then.
func (s *Store) DeleteFriends(ctx context.Context, tenantID int64, owner string, targets []string, twoWay bool) ([]imemu.DeleteResult, error) {
	out := make([]imemu.DeleteResult, len(targets))
	err := s.writeTenant(ctx, tenantID, func(tx *sql.Tx) error {
		// The forward edges first: one that existed says, by the foreign
		// keys, that both owner and target are registered, which saves
		// the lookups of the common case. Until one did, nothing was
		// written, and owner must be looked up before any outcome.
		ownerKnown := false
		for i, target := range targets {
			out[i] = imemu.DeleteResult{Target: target}
			fwd := imemu.Edge{Owner: owner, Friend: target}
			n, err := deleteEdge(ctx, tx, tenantID, fwd)
			if err != nil {
				return err
			}
			if n == 0 && !ownerKnown {
				if err := requireUser(ctx, tx, tenantID, owner); err != nil {
					return err
				}
			}
			ownerKnown = true
			if n == 0 {
				// The lookup tells NotRegistered from NotFriend.
				ok, err := userExists(ctx, tx, tenantID, target)
				if err != nil {
					return err
				}
				out[i].Outcome = imemu.NotFriend
				if !ok {
					out[i].Outcome = imemu.NotRegistered
				}
				continue
			}
			out[i].Removed = append(out[i].Removed, fwd)
			if !twoWay {
				continue
			}
			rev := imemu.Edge{Owner: target, Friend: owner}
			if n, err = deleteEdge(ctx, tx, tenantID, rev); err != nil {
				return err
			}
			if n > 0 {
				out[i].Removed = append(out[i].Removed, rev)
			}
		}
		if !ownerKnown {
			return requireUser(ctx, tx, tenantID, owner)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

const deleteEdgeSQL = `DELETE FROM friends WHERE tenant_id = +? AND owner = +? AND friend = +?`

// deleteEdge deletes one edge and returns how many rows went (0 or 1).
func deleteEdge(ctx context.Context, tx *sql.Tx, tenantID int64, e imemu.Edge) (int64, error) {
	res, err := tx.ExecContext(ctx, deleteEdgeSQL, tenantID, e.Owner, e.Friend)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeleteAllFriends empties owner's friend list in one transaction; when
// twoWay it also removes owner from the list of every friend it had (not
// from the lists of users that list owner but that owner does not list).
// It returns the removed edges, owner's own ordered by friend and then the
// reverse ones ordered by their owner, or imemu.ErrUserNotFound when owner
// is not registered.
func (s *Store) DeleteAllFriends(ctx context.Context, tenantID int64, owner string, twoWay bool) ([]imemu.Edge, error) {
	var removed []imemu.Edge
	err := s.writeTenant(ctx, tenantID, func(tx *sql.Tx) error {
		// Set-based: one statement reads who is affected, as two JSON
		// arrays in one row (a cgo round trip per edge is what RETURNING
		// costs), then one DELETE per direction.
		var (
			ok        bool
			fwd, back string
		)
		if err := tx.QueryRowContext(ctx, deleteAllReadSQL, tenantID, owner, twoWay).Scan(&ok, &fwd, &back); err != nil {
			return err
		}
		if !ok {
			return imemu.ErrUserNotFound
		}
		if fwd == "[]" {
			// No forward edge, so no reverse one to remove either.
			removed = []imemu.Edge{}
			return nil
		}
		friends, err := sortedIDs(fwd)
		if err != nil {
			return err
		}
		backOwners, err := sortedIDs(back)
		if err != nil {
			return err
		}
		if len(backOwners) > 0 {
			if _, err := tx.ExecContext(ctx, deleteAllBackSQL, tenantID, owner); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, deleteAllSQL, tenantID, owner); err != nil {
			return err
		}
		removed = make([]imemu.Edge, 0, len(friends)+len(backOwners))
		for _, f := range friends {
			removed = append(removed, imemu.Edge{Owner: owner, Friend: f})
		}
		for _, o := range backOwners {
			removed = append(removed, imemu.Edge{Owner: o, Friend: owner})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return removed, nil
}

// The statements of DeleteAllFriends. deleteAllReadSQL answers whether
// the owner is registered, the friends it lists and (with ?3) those of
// them that list it back, each a JSON array read along an index (the
// primary key for the first, friends_by_friend for the second).
const (
	deleteAllReadSQL = `SELECT
		EXISTS (SELECT 1 FROM users WHERE tenant_id = +?1 AND user_id = +?2),
		(SELECT json_group_array(friend) FROM friends WHERE tenant_id = +?1 AND owner = +?2),
		CASE WHEN +?3 THEN (SELECT json_group_array(b.owner) FROM friends b WHERE b.tenant_id = +?1 AND b.friend = +?2
			AND EXISTS (SELECT 1 FROM friends f WHERE f.tenant_id = +?1 AND f.owner = +?2 AND f.friend = b.owner)) ELSE '[]' END`
	deleteAllBackSQL = `DELETE FROM friends WHERE tenant_id = +?1 AND friend = +?2
		AND owner IN (SELECT friend FROM friends WHERE tenant_id = +?1 AND owner = +?2)`
	deleteAllSQL = `DELETE FROM friends WHERE tenant_id = +? AND owner = +?`
)

// sortedIDs decodes a JSON array of ids and sorts it (an index scan
// already yields it sorted, which the check costs little to confirm).
func sortedIDs(list string) ([]string, error) {
	var ids []string
	if list == "[]" {
		return nil, nil
	}
	if err := json.Unmarshal([]byte(list), &ids); err != nil {
		return nil, fmt.Errorf("id list: %w", err)
	}
	if !slices.IsSorted(ids) {
		slices.Sort(ids)
	}
	return ids, nil
}

func scanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
