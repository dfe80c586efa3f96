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

// maxGroups caps one user's friend groups (relationship-chain page
// 1047/33521).
const maxGroups = 32

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
// other tag, a custom tag the app did not configure, or a value of the
// wrong JSON type fails the whole request with 30001; a value over its
// limit (CheckFriendField) and an account From_Account does not list get
// 30001 as their item, and one whose groups would pass 32 gets 30011.
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
		fieldErrs := make([]error, len(req.UpdateItem))
		for i, it := range req.UpdateItem {
			if it.ToAccount == "" {
				return nil, errorf(CodeInvalidParam, "UpdateItem[%d].To_Account is required", i)
			}
			if len(it.SnsItem) == 0 {
				return nil, errorf(CodeInvalidParam, "UpdateItem[%d].SnsItem must hold at least one item", i)
			}
			changes[i].ID = string(it.ToAccount)
			for j, si := range it.SnsItem {
				fieldErr, err := applySNSItem(&changes[i], si, c.tenant.Settings)
				if err != nil {
					return nil, errorf(CodeInvalidParam, "UpdateItem[%d].SnsItem[%d]: %s", i, j, err.Info)
				}
				if fieldErrs[i] == nil {
					fieldErrs[i] = fieldErr
				}
			}
		}
		// Items with a refused value never reach the store.
		var toStore []store.FriendChange
		var index []int // index[k] is the request position of toStore[k]
		for i, ch := range changes {
			if fieldErrs[i] == nil {
				toStore = append(toStore, ch)
				index = append(index, i)
			}
		}
		outcomes, err := d.Store.ChangeFriends(ctx, c.tenant.ID, from, toStore, maxGroups)
		if err != nil {
			return nil, ownerError(err)
		}
		items := make([]item, len(changes))
		for i, fe := range fieldErrs {
			if fe != nil {
				items[i] = fieldItem("FriendUpdate", fe)
			}
		}
		for k, o := range outcomes {
			it := itemOK
			switch o {
			case store.UpdateNotFriend:
				it = itemUpdateNotFriend
			case store.UpdateGroupLimit:
				it = itemUpdateGroupLimit
			}
			items[index[k]] = it
		}
		resp := friendBatchResponse{ResultItem: make([]resultItem, len(changes)), Envelope: okEnvelope()}
		for i, it := range items {
			resp.ResultItem[i] = newResultItem(changes[i].ID, it)
			if it.Code != CodeOK {
				resp.FailAccount = append(resp.FailAccount, changes[i].ID)
			}
		}
		return resp, nil
	})
}

// applySNSItem validates one SnsItem and records it in ch. A value over
// its limit is fieldErr (the item fails); a tag that cannot be written or
// a value of the wrong type is err, whose Info is the detail only (the
// request fails).
func applySNSItem(ch *store.FriendChange, si snsItem, set imemu.Settings) (fieldErr error, err *Error) {
	var s string
	switch {
	case si.Tag == tagRemark:
		if json.Unmarshal(si.Value, &s) != nil {
			return nil, &Error{Info: "the value of Tag_SNS_IM_Remark must be a string"}
		}
		ch.Remark = &s
	case si.Tag == tagGroup:
		var groups []string
		if json.Unmarshal(si.Value, &groups) != nil || groups == nil {
			return nil, &Error{Info: "the value of Tag_SNS_IM_Group must be an array of strings"}
		}
		ch.Groups = &groups
		return CheckFriendGroups(groups), nil
	case strings.HasPrefix(si.Tag, snsCustomPrefix):
		if !slices.Contains(set.CustomFriendTags, si.Tag) {
			return nil, &Error{Info: "Invalid field: " + truncate(si.Tag, 60) + ". (imemu: the app configures no such custom friend field; see its settings' customFriendTags)"}
		}
		if json.Unmarshal(si.Value, &s) != nil {
			return nil, &Error{Info: "the value of " + si.Tag + " must be a string"}
		}
		ch.Attributes = append(ch.Attributes, imemu.Attribute{Key: si.Tag, Value: s})
	default:
		return nil, &Error{Info: "only Tag_SNS_IM_Remark, Tag_SNS_IM_Group and Tag_SNS_Custom_* can be updated, got " + truncate(si.Tag, 40)}
	}
	return CheckFriendField(si.Tag, s), nil
}
