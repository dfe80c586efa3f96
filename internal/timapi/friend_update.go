package timapi

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/store"
)

// Limits of friend fields (relationship-chain page 1047/33521).
const (
	maxGroups         = 32  // friend groups per user
	maxGroupNameBytes = 30  // bytes of a group name
	maxRemarkBytes    = 96  // bytes of Tag_SNS_IM_Remark
	maxCustomBytes    = 500 // bytes of a custom friend or profile value
)

var apiFriendUpdate = api{name: "sns/friend_update", qps: 200, paramCode: CodeInvalidParam}

type snsItem struct {
	Tag   string          `json:"Tag"`
	Value json.RawMessage `json:"Value"`
}

type updateItem struct {
	ToAccount account   `json:"To_Account"`
	SnsItem   []snsItem `json:"SnsItem"`
}

type friendUpdateRequest struct {
	FromAccount account      `json:"From_Account"`
	UpdateItem  []updateItem `json:"UpdateItem"`
}

// FriendUpdate serves v4/sns/friend_update: change Tag_SNS_IM_Remark,
// Tag_SNS_IM_Group (the whole list of the friend's groups; a group that
// does not exist yet is created) and the app's configured Tag_SNS_Custom_*
// fields of up to 1000 of From_Account's friends, in one transaction. Any
// other tag, or a custom tag the app did not configure, fails the whole
// request with 30001; an account From_Account does not list gets 30001 as
// its item, and one whose groups would pass 32 gets 30011.
func FriendUpdate(d *Deps) http.Handler {
	return handle(d, apiFriendUpdate, func(ctx context.Context, c *call, req *friendUpdateRequest) (any, error) {
		from, err := required("From_Account", req.FromAccount, CodeInvalidParam)
		if err != nil {
			return nil, err
		}
		if err := checkBatch("UpdateItem", len(req.UpdateItem), c.tenant.Limits.BatchMaxOr(maxFriendBatch), CodeInvalidParam); err != nil {
			return nil, err
		}
		changes := make([]store.FriendChange, len(req.UpdateItem))
		for i, it := range req.UpdateItem {
			if it.ToAccount == "" {
				return nil, errorf(CodeInvalidParam, "UpdateItem[%d].To_Account is required", i)
			}
			if len(it.SnsItem) == 0 {
				return nil, errorf(CodeInvalidParam, "UpdateItem[%d].SnsItem must hold at least one item", i)
			}
			changes[i].ID = string(it.ToAccount)
			for j, si := range it.SnsItem {
				if err := applySNSItem(&changes[i], si, c.tenant.Settings); err != nil {
					return nil, errorf(CodeInvalidParam, "UpdateItem[%d].SnsItem[%d]: %s", i, j, err.Info)
				}
			}
		}
		outcomes, err := d.Store.ChangeFriends(ctx, c.tenant.ID, from, changes, maxGroups)
		if err != nil {
			return nil, ownerError(err)
		}
		resp := friendBatchResponse{ResultItem: make([]resultItem, len(outcomes)), Envelope: okEnvelope()}
		for i, o := range outcomes {
			it := itemOK
			switch o {
			case store.UpdateNotFriend:
				it = itemUpdateNotFriend
			case store.UpdateGroupLimit:
				it = itemUpdateGroupLimit
			}
			resp.ResultItem[i] = newResultItem(changes[i].ID, it)
			if it.Code != CodeOK {
				resp.FailAccount = append(resp.FailAccount, changes[i].ID)
			}
		}
		return resp, nil
	})
}

// applySNSItem validates one SnsItem and records it in ch. Its error's
// Info is the detail only.
func applySNSItem(ch *store.FriendChange, si snsItem, set imemu.Settings) *Error {
	switch {
	case si.Tag == tagRemark:
		var s string
		if json.Unmarshal(si.Value, &s) != nil {
			return &Error{Info: "the value of Tag_SNS_IM_Remark must be a string"}
		}
		if len(s) > maxRemarkBytes {
			return &Error{Info: "Tag_SNS_IM_Remark is over 96 bytes"}
		}
		ch.Remark = &s
	case si.Tag == tagGroup:
		var groups []string
		if json.Unmarshal(si.Value, &groups) != nil || groups == nil {
			return &Error{Info: "the value of Tag_SNS_IM_Group must be an array of strings"}
		}
		if err := checkGroupNames(groups); err != nil {
			return err
		}
		ch.Groups = &groups
	case strings.HasPrefix(si.Tag, snsCustomPrefix):
		if !slices.Contains(set.CustomFriendTags, si.Tag) {
			return &Error{Info: "Invalid field: " + si.Tag + ". (imemu: the app configures no such custom friend field; see its settings' customFriendTags)"}
		}
		var s string
		if json.Unmarshal(si.Value, &s) != nil {
			return &Error{Info: "the value of " + si.Tag + " must be a string"}
		}
		if len(s) > maxCustomBytes {
			return &Error{Info: si.Tag + " is over 500 bytes"}
		}
		ch.Attributes = append(ch.Attributes, imemu.Attribute{Key: si.Tag, Value: s})
	default:
		return &Error{Info: "only Tag_SNS_IM_Remark, Tag_SNS_IM_Group and Tag_SNS_Custom_* can be updated, got " + truncate(si.Tag, 40)}
	}
	return nil
}

// checkGroupNames checks that each group name is 1 to 30 bytes (the
// count is the store's to check: it includes the owner's other groups).
func checkGroupNames(names []string) *Error {
	for _, n := range names {
		if n == "" || len(n) > maxGroupNameBytes {
			return &Error{Info: "group names must be 1 to 30 bytes, got " + truncate(n, 40)}
		}
	}
	return nil
}
