package store

import (
	"context"
	"database/sql"
	"slices"

	"github.com/imemu/imemu"
)

// FriendUpdate is the outcome of UpdateFriends for one friend.
type FriendUpdate struct {
	ID      string
	Found   bool         // owner lists ID
	Changed bool         // edit asked for the edge to be written
	Friend  imemu.Friend // the edge after the update (as it was, when not Changed)
}

// UpdateFriends edits owner's edges to each of ids in one transaction, in
// order: edit gets the stored edge and changes the fields it wants
// (Remark, Groups, AddSource, AddWording, Attributes; owner, id and added
// time stay), returning false to leave that edge as it was. An id owner
// does not list is not Found and edit does not see it. Reading and writing
// in one transaction lets a vendor's rule depend on what is stored (ZEGO's
// attribute size limit counts the attributes kept). It returns
// imemu.ErrUserNotFound when owner is not registered; nothing is written
// then.
func (s *Store) UpdateFriends(ctx context.Context, tenantID int64, owner string, ids []string, edit func(f *imemu.Friend) bool) ([]FriendUpdate, error) {
	out := make([]FriendUpdate, len(ids))
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := requireUser(ctx, tx, tenantID, owner); err != nil {
			return err
		}
		for i, id := range ids {
			out[i].ID = id
			rows, err := tx.QueryContext(ctx, `SELECT `+friendColumns+` FROM friends WHERE tenant_id = +? AND owner = +? AND friend = +?`,
				tenantID, owner, id)
			if err != nil {
				return err
			}
			fs, err := scanFriends(rows)
			if err != nil {
				return err
			}
			if len(fs) == 0 {
				continue
			}
			out[i].Found = true
			f := fs[0]
			// Copies, so an edit that changes items in place and then says
			// no leaves the stored edge as it reports it.
			f.Groups, f.Attributes = slices.Clone(f.Groups), slices.Clone(f.Attributes)
			if !edit(&f) {
				out[i].Friend = fs[0]
				continue
			}
			f.Owner, f.ID, f.AddedAt = fs[0].Owner, fs[0].ID, fs[0].AddedAt
			if _, err := tx.ExecContext(ctx, `UPDATE friends SET remark = ?, groups = ?, add_source = ?, add_wording = ?, attributes = ?
				WHERE tenant_id = +? AND owner = +? AND friend = +?`,
				f.Remark, marshalJSON(f.Groups), f.AddSource, f.AddWording, marshalJSON(f.Attributes), tenantID, owner, id); err != nil {
				return err
			}
			out[i].Changed = true
			out[i].Friend = f
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
