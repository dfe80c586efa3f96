package zegoapi

import (
	"net/http"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/events"
	"github.com/imemu/imemu/internal/reqquery"
	"github.com/imemu/imemu/internal/store"
)

// MaxBlacklist is how many users one user may block: ZEGO's default,
// which it raises only through support.
const MaxBlacklist = 1000

// BlacklistRequest is the body of POST ?Action=AddUsersToBlacklist,
// RemoveUsersFromBlacklist and CheckUsersIsInBlacklist: FromUserId and the
// users it blocks, unblocks or asks about.
type BlacklistRequest struct {
	FromUserID string   `json:"FromUserId"`
	UserIDs    []string `json:"UserIds"`
}

// UnmarshalJSON decodes the body with imemu's strict rules (strictObject).
func (q *BlacklistRequest) UnmarshalJSON(b []byte) error {
	type plain BlacklistRequest
	return strictObject(b, (*plain)(q))
}

// BlacklistResponse is the answer of AddUsersToBlacklist and
// RemoveUsersFromBlacklist. Its list is ErrList, not ErrorList, as ZEGO
// documents for the blocklist Actions.
type BlacklistResponse struct {
	Envelope
	ErrList []ItemError `json:"ErrList"`
}

// readBlacklistRequest decodes and checks a blocklist Action's body, first
// failure first: CodeParamError for a bad body or FromUserId;
// CodeBlockListLong when UserIds has more than the app's batch cap, then
// checkBatch's codes for a missing or empty one; CodeParamError for a bad
// id in it. It returns the ids once each, in the order they first appear:
// a user listed twice is acted on and reported once.
func readBlacklistRequest(c *call) (BlacklistRequest, []string, error) {
	var req BlacklistRequest
	if err := decodeBody(c.body, &req); err != nil {
		return req, nil, err
	}
	if err := checkUserID("FromUserId", req.FromUserID); err != nil {
		return req, nil, err
	}
	if max := batchMax(c.tenant); len(req.UserIDs) > max {
		return req, nil, errorf(CodeBlockListLong, "UserIds has %d users; this app allows 1 to %d", len(req.UserIDs), max)
	}
	if err := checkBatch("UserIds", req.UserIDs, batchMax(c.tenant)); err != nil {
		return req, nil, err
	}
	if err := checkUserIDs("UserIds", req.UserIDs); err != nil {
		return req, nil, err
	}
	return req, unique(req.UserIDs), nil
}

// unique returns ids without repeats, in the order of first appearance.
func unique(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// AddUsersToBlacklist handles POST ?Action=AddUsersToBlacklist: FromUserId
// blocks up to the app's batch cap of users. Friendships are not touched.
//
// After the gateway and action checks it answers, first failure first:
// readBlacklistRequest's codes; CodeFromNotFound for an unregistered
// FromUserId. Each target is then blocked or gets an ErrList entry:
// CodeBlockSelf, CodeUserNotFound (not registered), CodeBlocked (blocked
// before) or CodeBlocklistFull (FromUserId blocks MaxBlacklist users).
// Code is 0 when at least one was blocked, else CodeBlockFailed with the
// list filled.
func AddUsersToBlacklist(d *Deps) http.Handler {
	spec := actionSpec{name: "AddUsersToBlacklist", method: http.MethodPost, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		req, ids, err := readBlacklistRequest(c)
		if err != nil {
			return nil, err
		}
		results, err := c.Store.BlockUsers(c.r.Context(), c.tenant.ID, req.FromUserID, ids, store.BlockOptions{Max: MaxBlacklist})
		if err != nil {
			return nil, owner(err, req.FromUserID)
		}
		rep := &BlacklistResponse{ErrList: []ItemError{}}
		var blocked []string
		for _, res := range results {
			code := 0
			switch res.Outcome {
			case imemu.Blocked:
				blocked = append(blocked, res.Target)
			case imemu.BlockSelf:
				code = CodeBlockSelf
			case imemu.BlockNotRegistered:
				code = CodeUserNotFound
			case imemu.AlreadyBlocked:
				code = CodeBlocked
			default: // BlocklistFull
				code = CodeBlocklistFull
			}
			if code != 0 {
				rep.ErrList = append(rep.ErrList, ItemError{UserID: res.Target, SubCode: code})
			}
		}
		if len(blocked) > 0 {
			c.publish(events.KindZegoBlacklistChanged, req.FromUserID, BlacklistChanged{UserID: req.FromUserID, Action: BlacklistAdded, UserIDs: blocked})
		}
		return rep, allFailed(len(blocked), rep.ErrList, CodeBlockFailed, "ErrList")
	})
}

// RemoveUsersFromBlacklist handles POST ?Action=RemoveUsersFromBlacklist:
// FromUserId unblocks up to the app's batch cap of users. Friendships are
// not touched: an unblock restores none.
//
// Request-level failures are AddUsersToBlacklist's. Each target is then
// unblocked or gets an ErrList entry: CodeBlockSelf, or CodeNotBlocked
// (FromUserId does not block it, registered or not). Code is 0 when at
// least one was unblocked, else CodeUnblockFailed with the list filled.
func RemoveUsersFromBlacklist(d *Deps) http.Handler {
	spec := actionSpec{name: "RemoveUsersFromBlacklist", method: http.MethodPost, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		req, ids, err := readBlacklistRequest(c)
		if err != nil {
			return nil, err
		}
		results, err := c.Store.UnblockUsers(c.r.Context(), c.tenant.ID, req.FromUserID, ids)
		if err != nil {
			return nil, owner(err, req.FromUserID)
		}
		rep := &BlacklistResponse{ErrList: []ItemError{}}
		var unblocked []string
		for _, res := range results {
			switch res.Outcome {
			case imemu.Unblocked:
				unblocked = append(unblocked, res.Target)
			case imemu.BlockSelf:
				rep.ErrList = append(rep.ErrList, ItemError{UserID: res.Target, SubCode: CodeBlockSelf})
			default: // NotBlocked, BlockNotRegistered
				rep.ErrList = append(rep.ErrList, ItemError{UserID: res.Target, SubCode: CodeNotBlocked})
			}
		}
		if len(unblocked) > 0 {
			c.publish(events.KindZegoBlacklistChanged, req.FromUserID, BlacklistChanged{UserID: req.FromUserID, Action: BlacklistRemoved, UserIDs: unblocked})
		}
		return rep, allFailed(len(unblocked), rep.ErrList, CodeUnblockFailed, "ErrList")
	})
}

// allFailed returns nil when at least one item succeeded or nothing
// failed; otherwise the Action's all-failed code, with the list kept.
func allFailed(succeeded int, list []ItemError, code int, name string) error {
	if succeeded > 0 || len(list) == 0 {
		return nil
	}
	return errorf(code, "every item failed; see %s", name)
}

// The Result values of CheckUsersIsInBlacklist.
const (
	NotInBlacklist = 0 // FromUserId has not blocked the user
	InBlacklist    = 1 // FromUserId has blocked the user
)

// BlacklistCheck is one checked user of CheckUsersIsInBlacklist.
type BlacklistCheck struct {
	UserID string `json:"UserId"`
	Result int    `json:"Result"` // NotInBlacklist or InBlacklist
}

// CheckBlacklistResponse is CheckUsersIsInBlacklist's answer.
type CheckBlacklistResponse struct {
	Envelope
	Succ    []BlacklistCheck `json:"Succ"`
	ErrList []ItemError      `json:"ErrList"`
}

// CheckUsersIsInBlacklist handles POST ?Action=CheckUsersIsInBlacklist:
// whether FromUserId has blocked each user (one way only, as ZEGO
// documents), without changing anything. Request-level failures are
// AddUsersToBlacklist's. A user that is not registered gets an ErrList
// entry with CodeUserNotFound; FromUserId itself is checked like anyone
// (Result 0: nobody blocks itself). Code is 0 when at least one user was
// checked, else the first entry's SubCode.
func CheckUsersIsInBlacklist(d *Deps) http.Handler {
	spec := actionSpec{name: "CheckUsersIsInBlacklist", method: http.MethodPost, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		req, ids, err := readBlacklistRequest(c)
		if err != nil {
			return nil, err
		}
		states, err := c.Store.BlockStates(c.r.Context(), c.tenant.ID, req.FromUserID, ids)
		if err != nil {
			return nil, owner(err, req.FromUserID)
		}
		rep := &CheckBlacklistResponse{Succ: []BlacklistCheck{}, ErrList: []ItemError{}}
		for _, st := range states {
			switch {
			case st.Target == req.FromUserID:
				rep.Succ = append(rep.Succ, BlacklistCheck{UserID: st.Target, Result: NotInBlacklist})
			case !st.Registered:
				rep.ErrList = append(rep.ErrList, ItemError{UserID: st.Target, SubCode: CodeUserNotFound})
			case st.OwnerBlocks:
				rep.Succ = append(rep.Succ, BlacklistCheck{UserID: st.Target, Result: InBlacklist})
			default:
				rep.Succ = append(rep.Succ, BlacklistCheck{UserID: st.Target, Result: NotInBlacklist})
			}
		}
		return rep, batchError(len(rep.Succ), firstSubCode(rep.ErrList), "ErrList")
	})
}

// QueryBlacklistRequest holds QueryBlacklist's parameters, which ZEGO
// documents in the query string; a JSON body with the same fields is
// tolerated, the query winning.
type QueryBlacklistRequest struct {
	FromUserID string `json:"FromUserId"`
	Limit      *int   `json:"Limit"` // page size; nil, 0 or out of 1..100 means 100
	Next       *int   `json:"Next"`  // 0 (or nil) for the first page, then the Next of the previous answer
}

// UnmarshalJSON decodes the body with imemu's strict rules (strictObject).
func (q *QueryBlacklistRequest) UnmarshalJSON(b []byte) error {
	type plain QueryBlacklistRequest
	return strictObject(b, (*plain)(q))
}

// BlacklistItem is one blocked user in a QueryBlacklist page.
type BlacklistItem struct {
	UserID     string `json:"UserId"`
	UserName   string `json:"UserName"`
	Avatar     string `json:"Avatar"`
	UpdateTime int64  `json:"UpdateTime"` // Unix ms the user was blocked
}

// QueryBlacklistResponse is QueryBlacklist's answer.
type QueryBlacklistResponse struct {
	Envelope
	TotalCount int             `json:"TotalCount"`
	Next       int             `json:"Next"` // pass back for the next page; 0 when this was the last
	Blacklist  []BlacklistItem `json:"Blacklist"`
}

// QueryBlacklist handles GET ?Action=QueryBlacklist&FromUserId=…&Limit=…&Next=…:
// one page of the users FromUserId blocks, the earliest blocked first
// (ties by UserId), paged like QueryFriendList. CodeParamError for a bad
// parameter, CodeFromNotFound for an unregistered FromUserId.
func QueryBlacklist(d *Deps) http.Handler {
	spec := actionSpec{name: "QueryBlacklist", method: http.MethodGet, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		var req QueryBlacklistRequest
		offset, limit, err := decodePage(c, &req, &req.FromUserID, &req.Limit, &req.Next)
		if err != nil {
			return nil, err
		}
		list, total, err := c.Store.Blocklist(c.r.Context(), c.tenant.ID, req.FromUserID, offset, limit)
		if err != nil {
			return nil, owner(err, req.FromUserID)
		}
		rep := &QueryBlacklistResponse{TotalCount: total, Next: nextOf(offset, len(list), total), Blacklist: make([]BlacklistItem, 0, len(list))}
		for _, b := range list {
			rep.Blacklist = append(rep.Blacklist, BlacklistItem{UserID: b.ID, UserName: b.Name, Avatar: b.Avatar, UpdateTime: b.AddedAt.UnixMilli()})
		}
		return rep, nil
	})
}

// decodePage reads the FromUserId, Limit and Next of a paged GET Action
// (QueryFriendList, QueryBlacklist) into req's fields: a JSON body is
// tolerated and query parameters win. It checks them and returns the page
// to read.
func decodePage(c *call, req any, from *string, limit, next **int) (offset, size int, err error) {
	if err := decodeOptionalBody(c.body, req); err != nil {
		return 0, 0, err
	}
	err = fromQuery(reqquery.Values(c.r),
		queryParam{name: "FromUserId", str: from},
		queryParam{name: "Limit", num: limit},
		queryParam{name: "Next", num: next})
	if err != nil {
		return 0, 0, err
	}
	if err := checkUserID("FromUserId", *from); err != nil {
		return 0, 0, err
	}
	return pageOf(*limit, *next)
}

// pageOf reads a paged GET Action's Limit and Next: the page size is
// Limit when it is 1..99, else MaxPageLimit; the offset is Next (0 or
// missing: the first page), which must not be negative (CodeParamError).
func pageOf(limit, next *int) (offset, size int, err error) {
	size = MaxPageLimit
	if limit != nil && *limit > 0 && *limit < MaxPageLimit {
		size = *limit
	}
	if next != nil {
		if *next < 0 {
			return 0, 0, errorf(CodeParamError, "Next must be 0 or a Next from an earlier answer, got %d", *next)
		}
		offset = *next
	}
	return offset, size, nil
}

// nextOf is the Next of a page of n items read at offset from total: the
// offset of the next page, or 0 when this page was the last.
func nextOf(offset, n, total int) int {
	if end := offset + n; n > 0 && end < total {
		return end
	}
	return 0
}
