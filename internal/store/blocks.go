package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/imemu/imemu"
)

// BlockOptions says how BlockUsers blocks.
type BlockOptions struct {
	// Max refuses a target (imemu.BlocklistFull) once the owner blocks
	// this many users; 0 = no cap.
	Max int
	// DropFriendship also deletes owner → target and target → owner in
	// the same transaction, for vendors where blocking ends a friendship
	// (TIM). Without it friend edges are never touched.
	DropFriendship bool
}

// BlockUsers makes owner block each of targets in one transaction,
// reporting an outcome per target in order: Blocked, AlreadyBlocked (a
// target listed twice is Blocked then AlreadyBlocked), BlockSelf,
// BlockNotRegistered or BlocklistFull. A new block is dated by the clock.
// It returns imemu.ErrUserNotFound when owner is not registered; nothing is
// written then.
func (s *Store) BlockUsers(ctx context.Context, tenantID int64, owner string, targets []string, opts BlockOptions) ([]imemu.BlockResult, error) {
	out := make([]imemu.BlockResult, len(targets))
	now := s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := requireUser(ctx, tx, tenantID, owner); err != nil {
			return err
		}
		n, err := blockCount(ctx, tx, tenantID, owner)
		if err != nil {
			return err
		}
		for i, target := range targets {
			out[i].Target = target
			if target == owner {
				out[i].Outcome = imemu.BlockSelf
				continue
			}
			var registered, blocked bool
			if err := tx.QueryRowContext(ctx, `SELECT
				EXISTS (SELECT 1 FROM users WHERE tenant_id = +?1 AND user_id = +?3),
				EXISTS (SELECT 1 FROM blocks WHERE tenant_id = +?1 AND owner = +?2 AND target = +?3)`,
				tenantID, owner, target).Scan(&registered, &blocked); err != nil {
				return err
			}
			switch {
			case !registered:
				out[i].Outcome = imemu.BlockNotRegistered
				continue
			case blocked:
				out[i].Outcome = imemu.AlreadyBlocked
				continue
			case opts.Max > 0 && n >= opts.Max:
				out[i].Outcome = imemu.BlocklistFull
				continue
			}
			if err := insertBlock(ctx, tx, tenantID, imemu.Block{Owner: owner, Target: target, AddedAt: now}); err != nil {
				return err
			}
			n++
			out[i].Outcome = imemu.Blocked
			if !opts.DropFriendship {
				continue
			}
			for _, e := range []imemu.Edge{{Owner: owner, Friend: target}, {Owner: target, Friend: owner}} {
				gone, err := deleteEdge(ctx, tx, tenantID, e)
				if err != nil {
					return err
				}
				if gone > 0 {
					out[i].Removed = append(out[i].Removed, e)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UnblockUsers makes owner stop blocking each of targets in one
// transaction, reporting an outcome per target in order: Unblocked,
// NotBlocked, BlockSelf or BlockNotRegistered. Friend edges are not
// touched: an unblock restores nothing. It returns imemu.ErrUserNotFound
// when owner is not registered; nothing is written then.
func (s *Store) UnblockUsers(ctx context.Context, tenantID int64, owner string, targets []string) ([]imemu.BlockResult, error) {
	out := make([]imemu.BlockResult, len(targets))
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := requireUser(ctx, tx, tenantID, owner); err != nil {
			return err
		}
		for i, target := range targets {
			out[i].Target = target
			if target == owner {
				out[i].Outcome = imemu.BlockSelf
				continue
			}
			res, err := tx.ExecContext(ctx, `DELETE FROM blocks WHERE tenant_id = +? AND owner = +? AND target = +?`, tenantID, owner, target)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n > 0 {
				out[i].Outcome = imemu.Unblocked
				continue
			}
			ok, err := userExists(ctx, tx, tenantID, target)
			if err != nil {
				return err
			}
			out[i].Outcome = imemu.NotBlocked
			if !ok {
				out[i].Outcome = imemu.BlockNotRegistered
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// BlockStates reports, for each target in order, whether it is registered
// and which of "owner blocks target" and "target blocks owner" hold. It
// returns imemu.ErrUserNotFound when owner is not registered.
func (s *Store) BlockStates(ctx context.Context, tenantID int64, owner string, targets []string) ([]imemu.BlockState, error) {
	out := make([]imemu.BlockState, len(targets))
	err := s.readConn(ctx, func(tx querier) error {
		if err := requireUser(ctx, tx, tenantID, owner); err != nil {
			return err
		}
		for i, target := range targets {
			out[i].Target = target
			if err := tx.QueryRowContext(ctx, `SELECT
				EXISTS (SELECT 1 FROM users WHERE tenant_id = +?1 AND user_id = +?3),
				EXISTS (SELECT 1 FROM blocks WHERE tenant_id = +?1 AND owner = +?2 AND target = +?3),
				EXISTS (SELECT 1 FROM blocks WHERE tenant_id = +?1 AND owner = +?3 AND target = +?2)`,
				tenantID, owner, target).Scan(&out[i].Registered, &out[i].OwnerBlocks, &out[i].TargetBlocks); err != nil {
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

// ListedBlock is a blocked user as a blocklist page shows it: the user's
// profile and when the owner blocked it.
type ListedBlock struct {
	ID, Name, Avatar string
	AddedAt          time.Time
}

// Blocklist returns up to limit of the users owner blocks from offset on,
// in the order they were blocked (ties by id), with total, the size of the
// whole blocklist. It returns imemu.ErrUserNotFound when owner is not
// registered.
func (s *Store) Blocklist(ctx context.Context, tenantID int64, owner string, offset, limit int) (list []ListedBlock, total int, err error) {
	err = s.readConn(ctx, func(tx querier) error {
		if err := requireUser(ctx, tx, tenantID, owner); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT b.target, u.name, u.avatar, b.added_at
			FROM blocks b JOIN users u ON u.tenant_id = b.tenant_id AND u.user_id = b.target
			WHERE b.tenant_id = +? AND b.owner = +? ORDER BY b.added_at, b.target LIMIT +? OFFSET +?`, tenantID, owner, limit, offset)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				b     ListedBlock
				added int64
			)
			if err := rows.Scan(&b.ID, &b.Name, &b.Avatar, &added); err != nil {
				return err
			}
			b.AddedAt = fromMillis(added)
			list = append(list, b)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		total, err = blockCount(ctx, tx, tenantID, owner)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// BlockCount returns how many users owner blocks (0 for an unregistered
// owner), for vendors' blocklist caps.
func (s *Store) BlockCount(ctx context.Context, tenantID int64, owner string) (int, error) {
	return blockCount(ctx, s.reader(), tenantID, owner)
}

func blockCount(ctx context.Context, tx querier, tenantID int64, owner string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM blocks WHERE tenant_id = +? AND owner = +?`, tenantID, owner).Scan(&n)
	return n, err
}

func allBlocks(ctx context.Context, tx *sql.Tx, tenantID int64) ([]imemu.Block, error) {
	rows, err := tx.QueryContext(ctx, `SELECT owner, target, added_at FROM blocks WHERE tenant_id = +? ORDER BY owner, added_at, target`, tenantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []imemu.Block
	for rows.Next() {
		var (
			b     imemu.Block
			added int64
		)
		if err := rows.Scan(&b.Owner, &b.Target, &added); err != nil {
			return nil, err
		}
		b.AddedAt = fromMillis(added)
		out = append(out, b)
	}
	return out, rows.Err()
}

func insertBlock(ctx context.Context, tx *sql.Tx, tenantID int64, b imemu.Block) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO blocks (tenant_id, owner, target, added_at) VALUES (?, ?, ?, ?)`,
		tenantID, b.Owner, b.Target, toMillis(b.AddedAt))
	return err
}
