package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/imemu/imemu"
)

const applicationColumns = `from_user, to_user, wording, remark, add_source, groups, attributes, state, created_at, updated_at, expires_at`

// effectiveState is the SQL of an application's state at ?now (a named
// parameter of the statement): a waiting one past expires_at is expired,
// as imemu.Application.StateAt says.
const effectiveState = `CASE WHEN state = 'waiting' AND expires_at <> 0 AND expires_at <= :now THEN 'expired' ELSE state END`

// ApplyOptions says how SendApplications sends.
type ApplyOptions struct {
	// AcceptIfListed accepts an application at once when the target
	// already lists the sender (ZEGO): the sender's edge is added and no
	// application is kept. Without it such a target gets an application
	// like any other.
	AcceptIfListed bool
	// MaxFriends refuses an auto-accept (imemu.ApplyFriendLimit) when the
	// sender already has this many friends; 0 = no cap.
	MaxFriends int
	// TTL is how long a new application stays waiting, from the clock's
	// now, unless the application has its own ExpiresAt; 0 = forever.
	TTL time.Duration
}

// SendApplications sends from's friend applications in one transaction,
// reporting an outcome per application in order: Applied (a waiting
// application replaces any earlier one of the pair, whatever its state),
// AutoAccepted, ApplyAlreadyFriend (from already lists the target),
// ApplySelf, ApplyNotRegistered or ApplyFriendLimit. Each application's
// From is set to from; a zero CreatedAt or UpdatedAt is the clock's now.
// It returns imemu.ErrUserNotFound when from is not registered; nothing is
// written then.
func (s *Store) SendApplications(ctx context.Context, tenantID int64, from string, apps []imemu.Application, opts ApplyOptions) ([]imemu.ApplyResult, error) {
	out := make([]imemu.ApplyResult, len(apps))
	now := s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := requireUser(ctx, tx, tenantID, from); err != nil {
			return err
		}
		for i, a := range apps {
			a.From = from
			out[i].Target = a.To
			if a.To == from {
				out[i].Outcome = imemu.ApplySelf
				continue
			}
			var (
				registered, fromHas, toHas bool
				friends                    int
			)
			if err := tx.QueryRowContext(ctx, `SELECT
				EXISTS (SELECT 1 FROM users WHERE tenant_id = +?1 AND user_id = +?3),
				EXISTS (SELECT 1 FROM friends WHERE tenant_id = +?1 AND owner = +?2 AND friend = +?3),
				EXISTS (SELECT 1 FROM friends WHERE tenant_id = +?1 AND owner = +?3 AND friend = +?2),
				CASE WHEN +?4 THEN (SELECT COUNT(*) FROM friends WHERE tenant_id = +?1 AND owner = +?2) ELSE 0 END`,
				tenantID, from, a.To, opts.MaxFriends > 0).Scan(&registered, &fromHas, &toHas, &friends); err != nil {
				return err
			}
			switch {
			case !registered:
				out[i].Outcome = imemu.ApplyNotRegistered
			case fromHas:
				out[i].Outcome = imemu.ApplyAlreadyFriend
			case opts.AcceptIfListed && toHas && opts.MaxFriends > 0 && friends >= opts.MaxFriends:
				out[i].Outcome = imemu.ApplyFriendLimit
			case opts.AcceptIfListed && toHas:
				f := imemu.Friend{Owner: from, ID: a.To, Remark: a.Remark, Groups: a.Groups, AddSource: a.AddSource,
					AddWording: a.Wording, Attributes: a.Attributes, AddedAt: now}
				if _, err := insertFriend(ctx, txExec(tx), tenantID, f); err != nil {
					return err
				}
				// No application is kept: any earlier one of the pair is answered.
				if _, err := tx.ExecContext(ctx, `DELETE FROM applications WHERE tenant_id = +? AND from_user = +? AND to_user = +?`,
					tenantID, from, a.To); err != nil {
					return err
				}
				out[i].Outcome = imemu.AutoAccepted
				out[i].Created = []imemu.Edge{{Owner: from, Friend: a.To}}
			default:
				a.State = imemu.ApplicationWaiting
				if a.CreatedAt.IsZero() {
					a.CreatedAt = now
				}
				if a.UpdatedAt.IsZero() {
					a.UpdatedAt = now
				}
				if a.ExpiresAt.IsZero() && opts.TTL > 0 {
					a.ExpiresAt = now.Add(opts.TTL)
				}
				if err := upsertApplication(ctx, tx, tenantID, a); err != nil {
					return err
				}
				out[i].Outcome = imemu.Applied
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// txExec adapts a transaction's ExecContext of insertFriendSQL for insertFriend.
func txExec(tx *sql.Tx) func(ctx context.Context, args ...any) (sql.Result, error) {
	return func(ctx context.Context, args ...any) (sql.Result, error) {
		return tx.ExecContext(ctx, insertFriendSQL, args...)
	}
}

// upsertApplication writes a, replacing the pair's earlier application.
func upsertApplication(ctx context.Context, tx *sql.Tx, tenantID int64, a imemu.Application) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO applications (tenant_id, `+applicationColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, from_user, to_user) DO UPDATE SET wording = excluded.wording, remark = excluded.remark,
			add_source = excluded.add_source, groups = excluded.groups, attributes = excluded.attributes, state = excluded.state,
			created_at = excluded.created_at, updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
		tenantID, a.From, a.To, a.Wording, a.Remark, a.AddSource, marshalJSON(a.Groups), marshalJSON(a.Attributes),
		string(a.State), toMillis(a.CreatedAt), toMillis(a.UpdatedAt), expiresMillis(a.ExpiresAt))
	if err != nil {
		return fmt.Errorf("application %s → %s: %w", a.From, a.To, err)
	}
	return nil
}

func expiresMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return toMillis(t)
}

// ApplicationFilter selects applications; zero fields match everything.
type ApplicationFilter struct {
	From   string                 // sent by this user
	To     string                 // sent to this user
	State  imemu.ApplicationState // in this state now (a waiting one past its expiry is expired)
	Offset int                    // skip this many
	Limit  int                    // at most this many; 0 = all
}

// Applications returns the applications that match f, oldest first (ties
// by sender, then target), each with its state at the clock's now, and
// total, how many match f without Offset and Limit.
func (s *Store) Applications(ctx context.Context, tenantID int64, f ApplicationFilter) (list []imemu.Application, total int, err error) {
	now := toMillis(s.now())
	where := ` FROM applications WHERE tenant_id = :tenant AND (:from = '' OR from_user = :from) AND (:to = '' OR to_user = :to)
		AND (:state = '' OR ` + effectiveState + ` = :state)`
	args := []any{sql.Named("tenant", tenantID), sql.Named("from", f.From), sql.Named("to", f.To),
		sql.Named("state", string(f.State)), sql.Named("now", now)}
	limit := f.Limit
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	err = s.read(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
			return err
		}
		list, err = queryApplications(ctx, tx, where+` ORDER BY created_at, from_user, to_user LIMIT :limit OFFSET :offset`,
			append(args, sql.Named("limit", limit), sql.Named("offset", f.Offset))...)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// CountPendingApplications returns how many waiting (not expired)
// applications to has received, for vendors' caps.
func (s *Store) CountPendingApplications(ctx context.Context, tenantID int64, to string) (int, error) {
	_, n, err := s.Applications(ctx, tenantID, ApplicationFilter{To: to, State: imemu.ApplicationWaiting, Limit: 1})
	return n, err
}

// AcceptApplication answers the waiting application from → to with yes,
// in one transaction: it becomes accepted, from → to is added with the
// application's fields and to → from with reply's (Remark, Groups,
// AddSource, AddWording, Attributes), each unless it exists. It returns the
// edges it created, or imemu.ErrApplicationNotFound when the pair has no
// waiting application (none, answered or expired).
func (s *Store) AcceptApplication(ctx context.Context, tenantID int64, from, to string, reply imemu.Friend) ([]imemu.Edge, error) {
	var created []imemu.Edge
	now := s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		a, err := waitingApplication(ctx, tx, tenantID, from, to, now)
		if err != nil {
			return err
		}
		edges := []imemu.Friend{
			{Owner: from, ID: to, Remark: a.Remark, Groups: a.Groups, AddSource: a.AddSource, AddWording: a.Wording, Attributes: a.Attributes, AddedAt: now},
			{Owner: to, ID: from, Remark: reply.Remark, Groups: reply.Groups, AddSource: reply.AddSource, AddWording: reply.AddWording,
				Attributes: reply.Attributes, AddedAt: now},
		}
		for _, e := range edges {
			ok, err := insertFriend(ctx, txExec(tx), tenantID, e)
			if err != nil {
				return err
			}
			if ok {
				created = append(created, imemu.Edge{Owner: e.Owner, Friend: e.ID})
			}
		}
		return answerApplication(ctx, tx, tenantID, from, to, imemu.ApplicationAccepted, now)
	})
	if err != nil {
		return nil, err
	}
	return created, nil
}

// RejectApplication answers the waiting application from → to with no. It
// returns imemu.ErrApplicationNotFound when the pair has no waiting
// application (none, answered or expired).
func (s *Store) RejectApplication(ctx context.Context, tenantID int64, from, to string) error {
	now := s.now()
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := waitingApplication(ctx, tx, tenantID, from, to, now); err != nil {
			return err
		}
		return answerApplication(ctx, tx, tenantID, from, to, imemu.ApplicationRejected, now)
	})
}

func waitingApplication(ctx context.Context, tx *sql.Tx, tenantID int64, from, to string, now time.Time) (imemu.Application, error) {
	list, err := queryApplications(ctx, tx, ` FROM applications WHERE tenant_id = :tenant AND from_user = :from AND to_user = :to`,
		sql.Named("tenant", tenantID), sql.Named("from", from), sql.Named("to", to), sql.Named("now", toMillis(now)))
	if err != nil {
		return imemu.Application{}, err
	}
	if len(list) == 0 || list[0].State != imemu.ApplicationWaiting {
		return imemu.Application{}, fmt.Errorf("%s → %s: %w", from, to, imemu.ErrApplicationNotFound)
	}
	return list[0], nil
}

func answerApplication(ctx context.Context, tx *sql.Tx, tenantID int64, from, to string, state imemu.ApplicationState, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE applications SET state = ?, updated_at = ? WHERE tenant_id = +? AND from_user = +? AND to_user = +?`,
		string(state), toMillis(now), tenantID, from, to)
	return err
}

// queryApplications runs SELECT <columns, state at :now> + rest.
func queryApplications(ctx context.Context, tx *sql.Tx, rest string, args ...any) ([]imemu.Application, error) {
	rows, err := tx.QueryContext(ctx, `SELECT from_user, to_user, wording, remark, add_source, groups, attributes, `+
		effectiveState+`, created_at, updated_at, expires_at`+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []imemu.Application
	for rows.Next() {
		var (
			a                         imemu.Application
			groups, attrs, state      string
			created, updated, expires int64
		)
		if err := rows.Scan(&a.From, &a.To, &a.Wording, &a.Remark, &a.AddSource, &groups, &attrs, &state,
			&created, &updated, &expires); err != nil {
			return nil, err
		}
		if err := unmarshalList(groups, &a.Groups); err != nil {
			return nil, fmt.Errorf("application %s → %s groups: %w", a.From, a.To, err)
		}
		if err := unmarshalList(attrs, &a.Attributes); err != nil {
			return nil, fmt.Errorf("application %s → %s attributes: %w", a.From, a.To, err)
		}
		a.State = imemu.ApplicationState(state)
		a.CreatedAt, a.UpdatedAt = fromMillis(created), fromMillis(updated)
		if expires != 0 {
			a.ExpiresAt = fromMillis(expires)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func allApplications(ctx context.Context, tx *sql.Tx, tenantID int64, now time.Time) ([]imemu.Application, error) {
	return queryApplications(ctx, tx, ` FROM applications WHERE tenant_id = :tenant ORDER BY from_user, created_at, to_user`,
		sql.Named("tenant", tenantID), sql.Named("now", toMillis(now)))
}
