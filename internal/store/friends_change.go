package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/imemu/imemu"
)

// FriendChange says what ChangeFriends changes on owner → ID: nil fields
// stay; Groups replaces the edge's groups; each of Attributes sets that
// key (an empty value removes it).
type FriendChange struct {
	ID         string
	Remark     *string
	Groups     *[]string
	Attributes []imemu.Attribute
}

// UpdateOutcome is what changing one edge did.
type UpdateOutcome int

// The outcomes of changing one edge.
const (
	Updated          UpdateOutcome = iota // the edge holds the change
	UpdateNotFriend                       // the owner does not list the account
	UpdateGroupLimit                      // the change would take the owner over its friend-group cap
)

// ChangeFriends applies changes to owner's edges in one transaction,
// reporting an outcome per change in order; a group an edge names that
// owner does not have yet is created, and maxGroups caps owner's groups
// (<= 0: no cap) within the same transaction, which UpdateFriends's edit
// cannot see. It returns imemu.ErrUserNotFound when owner is not
// registered.
func (s *Store) ChangeFriends(ctx context.Context, tenantID int64, owner string, changes []FriendChange, maxGroups int) ([]UpdateOutcome, error) {
	out := make([]UpdateOutcome, len(changes))
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := requireUser(ctx, tx, tenantID, owner); err != nil {
			return err
		}
		for i, c := range changes {
			f, ok, err := edge(ctx, tx, tenantID, owner, c.ID)
			if err != nil {
				return err
			}
			if !ok {
				out[i] = UpdateNotFriend
				continue
			}
			if c.Groups != nil {
				if err := fitsGroups(ctx, tx, tenantID, owner, *c.Groups, maxGroups); errors.Is(err, ErrGroupLimit) {
					out[i] = UpdateGroupLimit
					continue
				} else if err != nil {
					return err
				}
				f.Groups = dedupe(*c.Groups)
			}
			if c.Remark != nil {
				f.Remark = *c.Remark
			}
			for _, a := range c.Attributes {
				k := slices.IndexFunc(f.Attributes, func(b imemu.Attribute) bool { return b.Key == a.Key })
				switch {
				case k >= 0 && a.Value == "":
					f.Attributes = slices.Delete(f.Attributes, k, k+1)
				case k >= 0:
					f.Attributes[k].Value = a.Value
				case a.Value != "":
					f.Attributes = append(f.Attributes, a)
				}
			}
			if err := saveEdge(ctx, tx, tenantID, f); err != nil {
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
