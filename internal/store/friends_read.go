package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/imemu/imemu"
)

// FriendPage is one page of a friend list.
type FriendPage struct {
	Friends []imemu.Friend
	Total   int // friends in the whole list
}

// Friends returns up to limit of owner's friends from offset on, in the
// order they were added (ties by id). It returns imemu.ErrUserNotFound when
// owner is not registered.
func (s *Store) Friends(ctx context.Context, tenantID int64, owner string, offset, limit int) (FriendPage, error) {
	page, _, err := s.friendsPage(ctx, tenantID, owner, offset, limit, false)
	return page, err
}

// FriendsWithUsers is Friends with the profiles of the page's friends,
// keyed by id, read with the page in the same query.
func (s *Store) FriendsWithUsers(ctx context.Context, tenantID int64, owner string, offset, limit int) (FriendPage, map[string]imemu.User, error) {
	return s.friendsPage(ctx, tenantID, owner, offset, limit, true)
}

func (s *Store) friendsPage(ctx context.Context, tenantID int64, owner string, offset, limit int, withUsers bool) (FriendPage, map[string]imemu.User, error) {
	var (
		page  FriendPage
		users map[string]imemu.User
	)
	if withUsers {
		users = map[string]imemu.User{}
	}
	err := s.read(ctx, func(tx *sql.Tx) error {
		var (
			rows *sql.Rows
			err  error
		)
		if withUsers {
			rows, err = tx.QueryContext(ctx, `SELECT `+friendColumnsOf("f")+`, u.name, u.avatar, u.created_at
				FROM friends f JOIN users u ON u.tenant_id = f.tenant_id AND u.user_id = f.friend
				WHERE f.tenant_id = ? AND f.owner = ? ORDER BY f.added_at, f.friend LIMIT ? OFFSET ?`, tenantID, owner, limit, offset)
			if err == nil {
				page.Friends, err = scanFriendsWithUsers(rows, users)
			}
		} else {
			rows, err = tx.QueryContext(ctx, `SELECT `+friendColumns+` FROM friends WHERE tenant_id = ? AND owner = ?
				ORDER BY added_at, friend LIMIT ? OFFSET ?`, tenantID, owner, limit, offset)
			if err == nil {
				page.Friends, err = scanFriends(rows)
			}
		}
		if err != nil {
			return err
		}
		// A first page that is not full is the whole list: no count needed.
		if page.Total = len(page.Friends); offset != 0 || page.Total >= limit {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM friends WHERE tenant_id = ? AND owner = ?`,
				tenantID, owner).Scan(&page.Total); err != nil {
				return err
			}
		}
		if page.Total == 0 {
			// An owner with friends is registered (foreign keys); one
			// without may not be.
			return requireUser(ctx, tx, tenantID, owner)
		}
		return nil
	})
	if err != nil {
		return FriendPage{}, nil, err
	}
	return page, users, nil
}

// FriendsAmong returns the edges owner → id for those ids that owner lists,
// keyed by id. It returns imemu.ErrUserNotFound when owner is not registered.
func (s *Store) FriendsAmong(ctx context.Context, tenantID int64, owner string, ids []string) (map[string]imemu.Friend, error) {
	out := make(map[string]imemu.Friend, len(ids))
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := requireUser(ctx, tx, tenantID, owner); err != nil {
			return err
		}
		for _, id := range ids {
			rows, err := tx.QueryContext(ctx, `SELECT `+friendColumns+` FROM friends WHERE tenant_id = ? AND owner = ? AND friend = ?`,
				tenantID, owner, id)
			if err != nil {
				return err
			}
			fs, err := scanFriends(rows)
			if err != nil {
				return err
			}
			if len(fs) == 1 {
				out[id] = fs[0]
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Relations reports, for each target in order, whether it is registered and
// which of owner → target and target → owner exist. It returns
// imemu.ErrUserNotFound when owner is not registered.
func (s *Store) Relations(ctx context.Context, tenantID int64, owner string, targets []string) ([]imemu.Relation, error) {
	out := make([]imemu.Relation, len(targets))
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := requireUser(ctx, tx, tenantID, owner); err != nil {
			return err
		}
		if len(targets) == 0 {
			return nil
		}
		list, ok := jsonIDs(targets)
		if !ok {
			for i, target := range targets {
				out[i].Target = target
				if err := tx.QueryRowContext(ctx, relationSQL, tenantID, owner, target).Scan(
					&out[i].Registered, &out[i].OwnerHas, &out[i].TargetHas); err != nil {
					return err
				}
			}
			return nil
		}
		// One query for the whole batch: a row per target, placed by its
		// index in the array (t.key), whatever order the rows come in.
		rows, err := tx.QueryContext(ctx, `SELECT t.key,
			EXISTS (SELECT 1 FROM users WHERE tenant_id = ?1 AND user_id = t.value),
			EXISTS (SELECT 1 FROM friends WHERE tenant_id = ?1 AND owner = ?2 AND friend = t.value),
			EXISTS (SELECT 1 FROM friends WHERE tenant_id = ?1 AND owner = t.value AND friend = ?2)
			FROM json_each(?3) t`, tenantID, owner, list)
		if err != nil {
			return err
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var (
				i   int
				rel imemu.Relation
			)
			if err := rows.Scan(&i, &rel.Registered, &rel.OwnerHas, &rel.TargetHas); err != nil {
				return err
			}
			if i < 0 || i >= len(out) || out[i].Target != "" {
				return fmt.Errorf("relations: unexpected row for index %d of %d targets", i, len(out))
			}
			rel.Target = targets[i]
			out[i] = rel
			n++
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if n != len(out) {
			return fmt.Errorf("relations: %d rows for %d targets", n, len(out))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

const relationSQL = `SELECT
	EXISTS (SELECT 1 FROM users WHERE tenant_id = ?1 AND user_id = ?3),
	EXISTS (SELECT 1 FROM friends WHERE tenant_id = ?1 AND owner = ?2 AND friend = ?3),
	EXISTS (SELECT 1 FROM friends WHERE tenant_id = ?1 AND owner = ?3 AND friend = ?2)`

// friendColumnsOf is friendColumns qualified by a table alias.
func friendColumnsOf(alias string) string {
	cols := strings.Split(friendColumns, ", ")
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

// jsonIDs encodes ids as a JSON array for json_each, one statement text
// whatever the count. ok is false when an id is not valid UTF-8, which
// JSON cannot carry unchanged.
func jsonIDs(ids []string) (string, bool) {
	for _, id := range ids {
		if !utf8.ValidString(id) {
			return "", false
		}
	}
	b, err := json.Marshal(ids)
	return string(b), err == nil
}

func scanFriends(rows *sql.Rows) ([]imemu.Friend, error) {
	defer rows.Close()
	var out []imemu.Friend
	for rows.Next() {
		f, err := scanFriend(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// scanFriendsWithUsers reads rows of friendColumns followed by the
// friend's name, avatar and created_at.
func scanFriendsWithUsers(rows *sql.Rows, users map[string]imemu.User) ([]imemu.Friend, error) {
	defer rows.Close()
	var out []imemu.Friend
	for rows.Next() {
		var (
			u       imemu.User
			created int64
		)
		f, err := scanFriend(rows, &u.Name, &u.Avatar, &created)
		if err != nil {
			return nil, err
		}
		u.ID, u.CreatedAt = f.ID, fromMillis(created)
		users[u.ID] = u
		out = append(out, f)
	}
	return out, rows.Err()
}

// scanFriend reads one row of friendColumns, and any columns after them
// into extra.
func scanFriend(rows *sql.Rows, extra ...any) (imemu.Friend, error) {
	var (
		f             imemu.Friend
		groups, attrs string
		added         int64
	)
	dest := append([]any{&f.Owner, &f.ID, &f.Remark, &groups, &f.AddSource, &f.AddWording, &attrs, &added}, extra...)
	if err := rows.Scan(dest...); err != nil {
		return f, err
	}
	if err := unmarshalList(groups, &f.Groups); err != nil {
		return f, fmt.Errorf("edge %s → %s groups: %w", f.Owner, f.ID, err)
	}
	if err := unmarshalList(attrs, &f.Attributes); err != nil {
		return f, fmt.Errorf("edge %s → %s attributes: %w", f.Owner, f.ID, err)
	}
	f.AddedAt = fromMillis(added)
	return f, nil
}

// unmarshalList decodes a JSON array column into *list. The empty array,
// what almost every edge holds, skips encoding/json.
func unmarshalList[T any](data string, list *[]T) error {
	if data == "[]" {
		*list = []T{}
		return nil
	}
	return json.Unmarshal([]byte(data), list)
}
