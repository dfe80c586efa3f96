package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
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
	key := pageKey{owner, offset, limit}
	c, gen, ok := s.reads.cachedFriends(tenantID, key)
	if ok {
		return c.page, c.err
	}
	var page FriendPage
	err := s.readConn(ctx, func(tx querier) error {
		rows, err := tx.QueryContext(ctx, friendsPageSQL, tenantID, owner, limit, offset)
		if err != nil {
			return err
		}
		if page.Friends, err = scanFriends(rows); err != nil {
			return err
		}
		page.Total, err = pageTotal(ctx, tx, tenantID, owner, offset, limit, len(page.Friends))
		return err
	})
	if cacheable(err) {
		s.reads.keepFriends(gen, tenantID, key, cachedPage{page, err})
	}
	if err != nil {
		return FriendPage{}, err
	}
	return page, nil
}

// cacheable reports whether a read that ended with err may be cached: a
// success, or the answer that owner is not registered.
func cacheable(err error) bool { return err == nil || errors.Is(err, imemu.ErrUserNotFound) }

// ListedFriend is a friend as a friend-list page shows it (ZEGO's
// QueryFriendList): the friend's profile and what owner's edge says.
type ListedFriend struct {
	ID, Name, Avatar   string
	Remark, AddWording string
	Attributes         []imemu.Attribute
	AddedAt            time.Time
}

// FriendList is Friends narrowed to what a friend-list page shows, with
// the friends' profiles read in the same query: every column read costs
// (a cgo value and a database/sql conversion per row), so it reads only
// those. total is the number of friends in the whole list.
//
// Callers must not change the attribute lists of what they get: answers
// come from the read cache when they can.
func (s *Store) FriendList(ctx context.Context, tenantID int64, owner string, offset, limit int) (list []ListedFriend, total int, err error) {
	key := pageKey{owner, offset, limit}
	c, gen, ok := s.reads.cachedFriendList(tenantID, key)
	if ok {
		return c.list, c.total, c.err
	}
	err = s.readConn(ctx, func(tx querier) error {
		rows, err := tx.QueryContext(ctx, friendListSQL, tenantID, owner, limit, offset)
		if err != nil {
			return err
		}
		if list, err = scanListedFriends(rows); err != nil {
			return err
		}
		total, err = pageTotal(ctx, tx, tenantID, owner, offset, limit, len(list))
		return err
	})
	if cacheable(err) {
		s.reads.keepFriendList(gen, tenantID, key, cachedList{list, total, err})
	}
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

func scanListedFriends(rows *sql.Rows) ([]ListedFriend, error) {
	defer rows.Close()
	var out []ListedFriend
	for rows.Next() {
		var (
			f     ListedFriend
			attrs string
			added int64
		)
		if err := rows.Scan(&f.ID, &f.Name, &f.Avatar, &f.Remark, &f.AddWording, &attrs, &added); err != nil {
			return nil, err
		}
		if err := unmarshalList(attrs, &f.Attributes); err != nil {
			return nil, fmt.Errorf("edge → %s attributes: %w", f.ID, err)
		}
		f.AddedAt = fromMillis(added)
		out = append(out, f)
	}
	return out, rows.Err()
}

// pageTotal returns the number of owner's friends, given a page of n of
// them read at offset with limit, or imemu.ErrUserNotFound when owner is
// not registered.
func pageTotal(ctx context.Context, tx querier, tenantID int64, owner string, offset, limit, n int) (int, error) {
	total := n
	// A first page that is not full is the whole list: no count needed.
	if offset != 0 || n >= limit {
		if err := tx.QueryRowContext(ctx, countFriendsSQL, tenantID, owner).Scan(&total); err != nil {
			return 0, err
		}
	}
	if total == 0 {
		// An owner with friends is registered (foreign keys); one
		// without may not be.
		return 0, requireUser(ctx, tx, tenantID, owner)
	}
	return total, nil
}

// FriendsAmong returns the edges owner → id for those ids that owner lists,
// keyed by id. It returns imemu.ErrUserNotFound when owner is not registered.
func (s *Store) FriendsAmong(ctx context.Context, tenantID int64, owner string, ids []string) (map[string]imemu.Friend, error) {
	out := make(map[string]imemu.Friend, len(ids))
	err := s.readConn(ctx, func(tx querier) error {
		if err := requireUser(ctx, tx, tenantID, owner); err != nil {
			return err
		}
		for _, id := range ids {
			rows, err := tx.QueryContext(ctx, friendSQL, tenantID, owner, id)
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
	registered, gen, ok := s.reads.cachedRelations(tenantID, owner, targets, out)
	switch {
	case ok && registered:
		return out, nil
	case ok:
		return nil, imemu.ErrUserNotFound
	}
	clear(out)
	err := s.readConn(ctx, func(tx querier) error {
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
		rows, err := tx.QueryContext(ctx, relationsSQL, tenantID, owner, list)
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
	if cacheable(err) {
		s.reads.keepRelations(gen, tenantID, owner, err == nil, out)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// The hot statements. Every bound value is written +? (never a bare ?):
// go-sqlite3 clears a statement's bindings before each run, and SQLite
// expires (re-prepares on the next step) any statement whose plan looked at
// a bound value — which its planner does for a bare "col = ?" and
// "LIMIT ?". The unary plus hides the value from the planner, leaving the
// plan (and its indexes, see TestHotStatementPlans) as it was: without it
// a three-friend page costs three times as many instructions.
const (
	friendsPageSQL = `SELECT ` + friendColumns + ` FROM friends WHERE tenant_id = +? AND owner = +?
		ORDER BY added_at, friend LIMIT +? OFFSET +?`
	friendListSQL = `SELECT f.friend, u.name, u.avatar, f.remark, f.add_wording, f.attributes, f.added_at
		FROM friends f JOIN users u ON u.tenant_id = f.tenant_id AND u.user_id = f.friend
		WHERE f.tenant_id = +? AND f.owner = +? ORDER BY f.added_at, f.friend LIMIT +? OFFSET +?`
	countFriendsSQL = `SELECT COUNT(*) FROM friends WHERE tenant_id = +? AND owner = +?`
	friendSQL       = `SELECT ` + friendColumns + ` FROM friends WHERE tenant_id = +? AND owner = +? AND friend = +?`
	// One row per target, placed by its index in the array (t.key).
	relationsSQL = `SELECT t.key,
		EXISTS (SELECT 1 FROM users WHERE tenant_id = +?1 AND user_id = t.value),
		EXISTS (SELECT 1 FROM friends WHERE tenant_id = +?1 AND owner = +?2 AND friend = t.value),
		EXISTS (SELECT 1 FROM friends WHERE tenant_id = +?1 AND owner = t.value AND friend = +?2)
		FROM json_each(+?3) t`
)

const relationSQL = `SELECT
	EXISTS (SELECT 1 FROM users WHERE tenant_id = +?1 AND user_id = +?3),
	EXISTS (SELECT 1 FROM friends WHERE tenant_id = +?1 AND owner = +?2 AND friend = +?3),
	EXISTS (SELECT 1 FROM friends WHERE tenant_id = +?1 AND owner = +?3 AND friend = +?2)`

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

// scanFriend reads one row of friendColumns.
func scanFriend(rows *sql.Rows) (imemu.Friend, error) {
	var (
		f             imemu.Friend
		groups, attrs string
		added         int64
	)
	if err := rows.Scan(&f.Owner, &f.ID, &f.Remark, &groups, &f.AddSource, &f.AddWording, &attrs, &added); err != nil {
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
