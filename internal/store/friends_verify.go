package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/imemu/imemu"
)

// checkAdd applies what AddOptions asks beyond registration and friend
// limits to the add owner → f.ID: the group cap, then the owner's ban on
// requests (CheckSender) and the target's AllowType (Verify). An edge that exists already
// skips verification: the add reports AlreadyFriend.
func checkAdd(ctx context.Context, tx *sql.Tx, tenantID int64, f imemu.Friend, opts AddOptions) (imemu.AddOutcome, error) {
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
		forbidden, exists bool
		allow             string
	)
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT forbid_send_out FROM users WHERE tenant_id = ?1 AND user_id = ?2),
		(SELECT allow_type FROM users WHERE tenant_id = ?1 AND user_id = ?3),
		EXISTS (SELECT 1 FROM friends WHERE tenant_id = ?1 AND owner = ?2 AND friend = ?3)`,
		tenantID, f.Owner, f.ID).Scan(&forbidden, &allow, &exists)
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
		return imemu.TargetNeedsConfirm, nil
	}
	return imemu.Added, nil
}
