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
			stored, ok, err := edge(ctx, tx, tenantID, owner, id)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			out[i].Found = true
			f := stored
			// Copies, so an edit that changes items in place and then says
			// no leaves the stored edge as it reports it.
			f.Groups, f.Attributes = slices.Clone(f.Groups), slices.Clone(f.Attributes)
			if !edit(&f) {
				out[i].Friend = stored
				continue
			}
			f.Owner, f.ID, f.AddedAt = stored.Owner, stored.ID, stored.AddedAt
			if err := saveEdge(ctx, tx, tenantID, f); err != nil {
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

// saveEdge writes the data of edge f.Owner → f.ID (remark, groups, source,
// wording, attributes); who lists whom and since when stay as stored.
func saveEdge(ctx context.Context, tx *sql.Tx, tenantID int64, f imemu.Friend) error {
	_, err := tx.ExecContext(ctx, `UPDATE friends SET remark = ?, groups = ?, add_source = ?, add_wording = ?, attributes = ?
		WHERE tenant_id = +? AND owner = +? AND friend = +?`,
		f.Remark, marshalJSON(f.Groups), f.AddSource, f.AddWording, marshalJSON(f.Attributes), tenantID, f.Owner, f.ID)
	return err
}

// edge returns owner → friend and whether it exists.
func edge(ctx context.Context, tx *sql.Tx, tenantID int64, owner, friend string) (imemu.Friend, bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+friendColumns+` FROM friends WHERE tenant_id = +? AND owner = +? AND friend = +?`, tenantID, owner, friend)
	if err != nil {
		return imemu.Friend{}, false, err
	}
	fs, err := scanFriends(rows)
	if err != nil || len(fs) == 0 {
		return imemu.Friend{}, false, err
	}
	return fs[0], true, nil
}
