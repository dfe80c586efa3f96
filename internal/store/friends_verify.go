package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/imemu/imemu"
)

// checkAdd applies what AddOptions asks beyond registration and friend
// limits to the add owner → f.ID, in this order: blocks (CheckBlocks), the
// group cap, the owner's ban on requests (CheckSender) and the target's
// AllowType (Verify), recording the waiting application of a NeedConfirm
// target. An edge that exists already skips verification: the add reports
// AlreadyFriend.
func checkAdd(ctx context.Context, tx *sql.Tx, tenantID int64, f imemu.Friend, opts AddOptions, now time.Time) (imemu.AddOutcome, error) {
	if opts.CheckBlocks {
		var ownerBlocks, targetBlocks bool
		if err := tx.QueryRowContext(ctx, `SELECT
			EXISTS (SELECT 1 FROM blocks WHERE tenant_id = +?1 AND owner = +?2 AND target = +?3),
			EXISTS (SELECT 1 FROM blocks WHERE tenant_id = +?1 AND owner = +?3 AND target = +?2)`,
			tenantID, f.Owner, f.ID).Scan(&ownerBlocks, &targetBlocks); err != nil {
			return imemu.Added, err
		}
		switch {
		case ownerBlocks:
			return imemu.OwnerBlocksTarget, nil
		case targetBlocks:
			return imemu.TargetBlocksOwner, nil
		}
	}
	if len(f.Groups) > 0 && opts.MaxGroups > 0 {
		if err := fitsGroups(ctx, tx, tenantID, f.Owner, f.Groups, opts.MaxGroups); errors.Is(err, ErrGroupLimit) {
			return imemu.GroupLimit, nil
		} else if err != nil {
			return imemu.Added, err
		}
	}
	if !opts.Verify && !opts.CheckSender {
		return imemu.Added, nil
	}
	var (
		forbidden, exists, reapply bool
		allow                      string
		pending                    int
	)
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT forbid_send_out FROM users WHERE tenant_id = +?1 AND user_id = +?2),
		(SELECT allow_type FROM users WHERE tenant_id = +?1 AND user_id = +?3),
		EXISTS (SELECT 1 FROM friends WHERE tenant_id = +?1 AND owner = +?2 AND friend = +?3),
		EXISTS (SELECT 1 FROM applications WHERE tenant_id = +?1 AND from_user = +?2 AND to_user = +?3
			AND state = 'waiting' AND (expires_at = 0 OR expires_at > +?4)),
		(SELECT COUNT(*) FROM applications WHERE tenant_id = +?1 AND to_user = +?3
			AND state = 'waiting' AND (expires_at = 0 OR expires_at > +?4))`,
		tenantID, f.Owner, f.ID, toMillis(now)).Scan(&forbidden, &allow, &exists, &reapply, &pending)
	switch {
	case err != nil:
		return imemu.Added, err
	case exists:
		return imemu.Added, nil
	case forbidden && opts.CheckSender:
		return imemu.OwnerForbidden, nil
	case !opts.Verify:
		return imemu.Added, nil
	}
	switch (imemu.Settings{DefaultAllowType: opts.DefaultAllowType}).AllowTypeOf(imemu.AllowType(allow)) {
	case imemu.DenyAny:
		return imemu.TargetDenies, nil
	case imemu.NeedConfirm:
		// Sending again replaces the pair's request and takes no new place.
		if opts.MaxPending > 0 && !reapply && pending >= opts.MaxPending {
			return imemu.PendingLimit, nil
		}
		a := imemu.Application{From: f.Owner, To: f.ID, Wording: f.AddWording, Remark: f.Remark, AddSource: f.AddSource,
			Groups: f.Groups, State: imemu.ApplicationWaiting, CreatedAt: now, UpdatedAt: now}
		if err := upsertApplication(ctx, tx, tenantID, a); err != nil {
			return imemu.Added, err
		}
		return imemu.TargetNeedsConfirm, nil
	}
	return imemu.Added, nil
}
