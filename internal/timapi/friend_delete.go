package timapi

import (
	"context"
	"net/http"

	"github.com/imemu/imemu"
)

// maxFriendBatch is the documented cap on accounts per friend_delete,
// friend_add, friend_import and friend_check request.
const maxFriendBatch = 1000

// The DeleteType values (friend_delete, friend_delete_all).
const (
	deleteSingle = "Delete_Type_Single"
	deleteBoth   = "Delete_Type_Both"
)

var (
	apiFriendDelete    = api{name: "sns/friend_delete", qps: 200, paramCode: CodeInvalidParam, successMsg: "0"}
	apiFriendDeleteAll = api{name: "sns/friend_delete_all", qps: 200, paramCode: CodeInvalidParam}
)

type friendDeleteRequest struct {
	FromAccount account   `json:"From_Account"`
	ToAccount   []account `json:"To_Account"`
	DeleteType  string    `json:"DeleteType"`
}

// resultItem is the per-account result of sns batch APIs.
type resultItem struct {
	ToAccount  string `json:"To_Account"`
	ResultCode int
	ResultInfo string
}

func newResultItem(to string, it item) resultItem {
	return resultItem{ToAccount: to, ResultCode: it.Code, ResultInfo: it.Info}
}

// fromAndTargets checks the From_Account and To_Account of the batch APIs
// friend_delete and friend_check, in that order.
func fromAndTargets(c *call, from account, to []account) (string, []string, error) {
	owner, err := required("From_Account", from, CodeInvalidParam)
	if err != nil {
		return "", nil, err
	}
	targets, err := accountList("To_Account", to, c.tenant.Limits.BatchMaxOr(maxFriendBatch), CodeInvalidParam)
	return owner, targets, err
}

type friendDeleteResponse struct {
	ResultItem []resultItem
	Envelope
}

// FriendDelete serves v4/sns/friend_delete: delete To_Account (1..1000
// ids) from From_Account's friends, one-way by default, and with
// Delete_Type_Both also From_Account from theirs, in one transaction. Each
// id gets a ResultItem in request order: 0, CodeNotFriend, or
// CodeAccountNotFound; a duplicate id is processed again, so after a
// deletion it reports CodeNotFriend. When the app has a callback URL and
// something was deleted, Sns.CallbackFriendDelete follows asynchronously.
func FriendDelete(d *Deps) http.Handler {
	return handle(d, apiFriendDelete, func(ctx context.Context, c *call, req *friendDeleteRequest) (any, error) {
		from, targets, err := fromAndTargets(c, req.FromAccount, req.ToAccount)
		if err != nil {
			return nil, err
		}
		twoWay, err := deleteType(req.DeleteType)
		if err != nil {
			return nil, err
		}
		results, err := d.Store.DeleteFriends(ctx, c.tenant.ID, from, targets, twoWay)
		if err != nil {
			return nil, ownerError(err)
		}
		resp := friendDeleteResponse{ResultItem: make([]resultItem, len(results)), Envelope: okEnvelope()}
		resp.ErrorInfo = apiFriendDelete.successMsg
		var removed []imemu.Edge
		for i, res := range results {
			it := itemOK
			switch res.Outcome {
			case imemu.NotFriend:
				it = itemDeleteNotFriend
			case imemu.NotRegistered:
				it = itemInvalidAccount
			}
			resp.ResultItem[i] = newResultItem(res.Target, it)
			removed = append(removed, res.Removed...)
		}
		if len(removed) > 0 && c.tenant.CallbackURL != "" {
			d.callbackFriendDelete(c, removed)
		}
		return resp, nil
	})
}

type friendDeleteAllRequest struct {
	FromAccount account `json:"From_Account"`
	DeleteType  string  `json:"DeleteType"`
}

// FriendDeleteAll serves v4/sns/friend_delete_all: empty From_Account's
// friend list, one-way by default; with Delete_Type_Both also remove
// From_Account from the list of everyone it listed. One transaction
// whatever the count. It fires no callback (the page lists none).
func FriendDeleteAll(d *Deps) http.Handler {
	return handle(d, apiFriendDeleteAll, func(ctx context.Context, c *call, req *friendDeleteAllRequest) (any, error) {
		from, err := required("From_Account", req.FromAccount, CodeInvalidParam)
		if err != nil {
			return nil, err
		}
		twoWay, err := deleteType(req.DeleteType)
		if err != nil {
			return nil, err
		}
		if _, err := d.Store.DeleteAllFriends(ctx, c.tenant.ID, from, twoWay); err != nil {
			return nil, ownerError(err)
		}
		return okEnvelope(), nil
	})
}

// deleteType reports whether DeleteType asks for a two-way delete; absent
// or empty means Delete_Type_Single.
func deleteType(s string) (twoWay bool, err error) {
	switch s {
	case "", deleteSingle:
		return false, nil
	case deleteBoth:
		return true, nil
	}
	return false, errorf(CodeInvalidParam, "DeleteType must be %s or %s, got %q", deleteSingle, deleteBoth, s)
}
