package imemutest

import (
	"net/url"
	"strconv"
)

// ZegoBlacklistRequest is the body of ZEGO's AddUsersToBlacklist,
// RemoveUsersFromBlacklist and CheckUsersIsInBlacklist.
type ZegoBlacklistRequest struct {
	FromUserID string   `json:"FromUserId"`
	UserIDs    []string `json:"UserIds"`
}

// ZegoBlacklistAnswer is the answer of AddUsersToBlacklist and
// RemoveUsersFromBlacklist. Their list is ErrList, as ZEGO documents.
type ZegoBlacklistAnswer struct {
	ZegoAnswer
	ErrList []ZegoItemError `json:"ErrList"`
}

// AddUsersToBlacklist calls ZEGO's AddUsersToBlacklist (FromUserId blocks
// UserIds) and returns its answer, whatever its Code.
func (a *ZegoApp) AddUsersToBlacklist(t TB, req ZegoBlacklistRequest) ZegoBlacklistAnswer {
	t.Helper()
	var out ZegoBlacklistAnswer
	a.Post(t, "AddUsersToBlacklist", req).Decode(t, &out)
	return out
}

// RemoveUsersFromBlacklist calls ZEGO's RemoveUsersFromBlacklist and
// returns its answer, whatever its Code.
func (a *ZegoApp) RemoveUsersFromBlacklist(t TB, req ZegoBlacklistRequest) ZegoBlacklistAnswer {
	t.Helper()
	var out ZegoBlacklistAnswer
	a.Post(t, "RemoveUsersFromBlacklist", req).Decode(t, &out)
	return out
}

// ZegoBlacklistCheck is one user CheckUsersIsInBlacklist checked: Result
// 1 when FromUserId has blocked it, else 0.
type ZegoBlacklistCheck struct {
	UserID string `json:"UserId"`
	Result int    `json:"Result"`
}

// ZegoCheckBlacklistAnswer is CheckUsersIsInBlacklist's answer.
type ZegoCheckBlacklistAnswer struct {
	ZegoAnswer
	Succ    []ZegoBlacklistCheck `json:"Succ"`
	ErrList []ZegoItemError      `json:"ErrList"`
}

// CheckUsersIsInBlacklist calls ZEGO's CheckUsersIsInBlacklist and returns
// its answer, whatever its Code.
func (a *ZegoApp) CheckUsersIsInBlacklist(t TB, req ZegoBlacklistRequest) ZegoCheckBlacklistAnswer {
	t.Helper()
	var out ZegoCheckBlacklistAnswer
	a.Post(t, "CheckUsersIsInBlacklist", req).Decode(t, &out)
	return out
}

// ZegoQueryBlacklistRequest holds the query parameters of ZEGO's
// QueryBlacklist.
type ZegoQueryBlacklistRequest struct {
	FromUserID string
	// Limit is the page size, 1–100; 0 sends none (the server's 100).
	Limit int
	// Next is 0 for the first page, then the previous answer's Next.
	Next int
}

// ZegoBlockedUser is one user in a QueryBlacklist page.
type ZegoBlockedUser struct {
	UserID   string `json:"UserId"`
	UserName string `json:"UserName"`
	Avatar   string `json:"Avatar"`
	// UpdateTime is when the user was blocked, in Unix ms.
	UpdateTime int64 `json:"UpdateTime"`
}

// ZegoQueryBlacklistAnswer is QueryBlacklist's answer.
type ZegoQueryBlacklistAnswer struct {
	ZegoAnswer
	TotalCount int `json:"TotalCount"`
	// Next is the Next of the following page; 0 when this was the last.
	Next      int               `json:"Next"`
	Blacklist []ZegoBlockedUser `json:"Blacklist"`
}

// QueryBlacklist calls ZEGO's QueryBlacklist (a GET) and returns one page,
// whatever its Code.
func (a *ZegoApp) QueryBlacklist(t TB, req ZegoQueryBlacklistRequest) ZegoQueryBlacklistAnswer {
	t.Helper()
	q := url.Values{"FromUserId": {req.FromUserID}, "Next": {strconv.Itoa(req.Next)}}
	if req.Limit != 0 {
		q.Set("Limit", strconv.Itoa(req.Limit))
	}
	var out ZegoQueryBlacklistAnswer
	a.Get(t, "QueryBlacklist", q).Decode(t, &out)
	return out
}
