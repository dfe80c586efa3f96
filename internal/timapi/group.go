package timapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/imemu/imemu/internal/store"
)

var (
	apiGroupAdd    = api{name: "sns/group_add", qps: 200, paramCode: CodeInvalidParam}
	apiGroupDelete = api{name: "sns/group_delete", qps: 200, paramCode: CodeInvalidParam, successMsg: "0"}
	apiGroupGet    = api{name: "sns/group_get", qps: 200, paramCode: CodeInvalidParam}
)

// The NeedFriend values of group_get.
const (
	needFriendYes = "Need_Friend_Type_Yes"
	needFriendNo  = "Need_Friend_Type_No"
)

type groupAddRequest struct {
	FromAccount account   `json:"From_Account"`
	GroupName   []string  `json:"GroupName"`
	ToAccount   []account `json:"To_Account"`
}

type groupAddResponse struct {
	CurrentSequence int64
	ResultItem      []resultItem `json:",omitempty"` // only with To_Account
	FailAccount     []string     `json:"Fail_Account,omitempty"`
	Envelope
}

// GroupAdd serves v4/sns/group_add: create friend groups of From_Account
// (a name that exists is kept) and, with To_Account, put those friends
// into all of them, in one transaction. More than 32 groups in all fails
// with 30011; an account that is not a friend gets 32216 as its item (one
// never imported 30003). CurrentSequence is the user's group sequence
// afterwards.
func GroupAdd(d *Deps) http.Handler {
	return handle(d, apiGroupAdd, func(ctx context.Context, c *call, req *groupAddRequest) (any, error) {
		from, err := required("From_Account", req.FromAccount, CodeInvalidParam)
		if err != nil {
			return nil, err
		}
		if err := groupNamesParam(req.GroupName); err != nil {
			return nil, err
		}
		var members []string
		if len(req.ToAccount) > 0 {
			if members, err = accountList("To_Account", req.ToAccount, c.tenant.Limits.BatchMaxOr(maxFriendBatch), CodeInvalidParam); err != nil {
				return nil, err
			}
		}
		outcomes, seq, err := d.Store.AddGroups(ctx, c.tenant.ID, from, req.GroupName, members, maxGroups)
		if errors.Is(err, store.ErrGroupLimit) {
			return nil, errorf(CodeGroupLimit, "a user has at most %d friend groups", maxGroups)
		}
		if err != nil {
			return nil, ownerError(err)
		}
		resp := groupAddResponse{CurrentSequence: seq, Envelope: okEnvelope()}
		if members != nil {
			resp.ResultItem = make([]resultItem, len(members))
		}
		for i, o := range outcomes {
			it := itemOK
			switch o {
			case store.MemberNotFriend:
				it = itemGroupNotFriend
			case store.MemberNotRegistered:
				it = itemGroupInvalidAccount
			}
			resp.ResultItem[i] = newResultItem(members[i], it)
			if it.Code != CodeOK {
				resp.FailAccount = append(resp.FailAccount, members[i])
			}
		}
		return resp, nil
	})
}

// groupNamesParam checks a required GroupName array.
func groupNamesParam(names []string) error {
	if len(names) == 0 {
		return errorf(CodeInvalidParam, "GroupName must list at least one group")
	}
	if err := CheckFriendGroups(names); err != nil {
		return errorf(CodeInvalidParam, "GroupName: %v", err)
	}
	return nil
}

type groupDeleteRequest struct {
	FromAccount account  `json:"From_Account"`
	GroupName   []string `json:"GroupName"`
}

type groupSeqResponse struct {
	CurrentSequence int64
	Envelope
}

// GroupDelete serves v4/sns/group_delete: delete friend groups of
// From_Account and take them off its friends, in one transaction. A name
// that is no group of the user fails the request with 30001 and deletes
// nothing.
func GroupDelete(d *Deps) http.Handler {
	return handle(d, apiGroupDelete, func(ctx context.Context, c *call, req *groupDeleteRequest) (any, error) {
		from, err := required("From_Account", req.FromAccount, CodeInvalidParam)
		if err != nil {
			return nil, err
		}
		if err := groupNamesParam(req.GroupName); err != nil {
			return nil, err
		}
		seq, err := d.Store.DeleteGroups(ctx, c.tenant.ID, from, req.GroupName)
		if errors.Is(err, store.ErrGroupNotFound) {
			return nil, errorf(CodeInvalidParam, "%v", err)
		}
		if err != nil {
			return nil, ownerError(err)
		}
		resp := groupSeqResponse{CurrentSequence: seq, Envelope: okEnvelope()}
		resp.ErrorInfo = apiGroupDelete.successMsg
		return resp, nil
	})
}

type groupGetRequest struct {
	FromAccount account  `json:"From_Account"`
	NeedFriend  string   `json:"NeedFriend"`
	GroupName   []string `json:"GroupName"`
}

type groupItem struct {
	GroupName    string
	FriendNumber int
	ToAccount    *[]string `json:"To_Account,omitempty"` // with Need_Friend_Type_Yes, [] for no members
}

type groupGetResponse struct {
	ResultItem      []groupItem
	CurrentSequence int64
	Envelope
}

// GroupGet serves v4/sns/group_get: From_Account's friend groups in the
// order they were created, or only those GroupName names (names that are
// no group are left out), with their friend counts and, with NeedFriend
// Need_Friend_Type_Yes, their members.
func GroupGet(d *Deps) http.Handler {
	return handle(d, apiGroupGet, func(ctx context.Context, c *call, req *groupGetRequest) (any, error) {
		from, err := required("From_Account", req.FromAccount, CodeInvalidParam)
		if err != nil {
			return nil, err
		}
		if req.NeedFriend != "" && req.NeedFriend != needFriendYes && req.NeedFriend != needFriendNo {
			return nil, errorf(CodeInvalidParam, "NeedFriend must be %s or %s, got %q", needFriendYes, needFriendNo, req.NeedFriend)
		}
		groups, seq, err := d.Store.Groups(ctx, c.tenant.ID, from)
		if err != nil {
			return nil, ownerError(err)
		}
		want := map[string]bool{}
		for _, n := range req.GroupName {
			want[n] = true
		}
		resp := groupGetResponse{ResultItem: []groupItem{}, CurrentSequence: seq, Envelope: okEnvelope()}
		for _, g := range groups {
			if len(want) > 0 && !want[g.Name] {
				continue
			}
			it := groupItem{GroupName: g.Name, FriendNumber: len(g.Members)}
			if req.NeedFriend == needFriendYes {
				members := g.Members
				if members == nil {
					members = []string{}
				}
				it.ToAccount = &members
			}
			resp.ResultItem = append(resp.ResultItem, it)
		}
		return resp, nil
	})
}
