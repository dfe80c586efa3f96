package timapi

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/store"
)

// friendPageSize is how many friends one friend_get answer holds (TIM
// chooses the page size server-side and does not document it).
const friendPageSize = 100

// maxGetListBatch is friend_get_list's cap on To_Account. The page only
// recommends "no more than 100 friends at a time" (a larger answer may be
// too big to send), so imemu serves up to the 1000 of the other sns lists.
const maxGetListBatch = maxFriendBatch

// The CheckType and Relation values of friend_check.
const (
	checkSingle     = "CheckResult_Type_Single"
	checkBoth       = "CheckResult_Type_Both"
	relationNone    = "CheckResult_Type_NoRelation"
	relationAWithB  = "CheckResult_Type_AWithB"
	relationBWithA  = "CheckResult_Type_BWithA"
	relationBothWay = "CheckResult_Type_BothWay"
)

// Standard friend and profile tags imemu has values for.
const (
	tagAddSource  = "Tag_SNS_IM_AddSource"
	tagRemark     = "Tag_SNS_IM_Remark"
	tagGroup      = "Tag_SNS_IM_Group"
	tagAddWording = "Tag_SNS_IM_AddWording"
	tagAddTime    = "Tag_SNS_IM_AddTime"
	tagNick       = "Tag_Profile_IM_Nick"
	tagImage      = "Tag_Profile_IM_Image"
	snsTagPrefix  = "Tag_SNS_"
	profilePrefix = "Tag_Profile_"
)

var (
	apiFriendCheck   = api{name: "sns/friend_check", qps: 200, paramCode: CodeInvalidParam}
	apiFriendGet     = api{name: "sns/friend_get", qps: 200, paramCode: CodeInvalidParam}
	apiFriendGetList = api{name: "sns/friend_get_list", qps: 200, paramCode: CodeInvalidParam}
)

type friendCheckRequest struct {
	FromAccount account   `json:"From_Account"`
	ToAccount   []account `json:"To_Account"`
	CheckType   string    `json:"CheckType"`
}

type checkItem struct {
	ToAccount  string `json:"To_Account"`
	Relation   string
	ResultCode int
	ResultInfo string
}

type friendCheckResponse struct {
	InfoItem    []checkItem
	FailAccount []string `json:"Fail_Account,omitempty"`
	Envelope
}

// FriendCheck serves v4/sns/friend_check: the relation between From_Account
// and each of up to 1000 accounts. CheckResult_Type_Single looks only at
// From_Account's list (NoRelation or AWithB); CheckResult_Type_Both at both
// lists. An account that was never imported simply has NoRelation.
func FriendCheck(d *Deps) http.Handler {
	return handle(d, apiFriendCheck, func(ctx context.Context, c *call, req *friendCheckRequest) (any, error) {
		from, targets, err := fromAndTargets(c, req.FromAccount, req.ToAccount)
		if err != nil {
			return nil, err
		}
		if req.CheckType != checkSingle && req.CheckType != checkBoth {
			return nil, errorf(CodeInvalidParam, "CheckType must be %s or %s, got %q", checkSingle, checkBoth, req.CheckType)
		}
		rels, err := d.Store.Relations(ctx, c.tenant.ID, from, targets)
		if err != nil {
			return nil, ownerError(err)
		}
		resp := friendCheckResponse{InfoItem: make([]checkItem, len(rels)), Envelope: okEnvelope()}
		for i, rel := range rels {
			resp.InfoItem[i] = checkItem{ToAccount: rel.Target, Relation: relation(rel, req.CheckType == checkBoth)}
		}
		return resp, nil
	})
}

// relation names rel as friend_check does (tim-facts.md §5.2).
func relation(rel imemu.Relation, both bool) string {
	switch {
	case rel.OwnerHas && (!both || !rel.TargetHas):
		return relationAWithB
	case rel.OwnerHas:
		return relationBothWay
	case both && rel.TargetHas:
		return relationBWithA
	}
	return relationNone
}

type friendGetRequest struct {
	FromAccount      account `json:"From_Account"`
	StartIndex       *int    `json:"StartIndex"`
	StandardSequence int64   `json:"StandardSequence"`
	CustomSequence   int64   `json:"CustomSequence"`
}

type tagValue struct {
	Tag   string
	Value any
}

type userDataItem struct {
	ToAccount string `json:"To_Account"`
	ValueItem []tagValue
}

type friendGetResponse struct {
	UserDataItem     []userDataItem
	StandardSequence int64
	CustomSequence   int64
	FriendNum        int
	CompleteFlag     int
	NextStartIndex   int
	Envelope
}

// FriendGet serves v4/sns/friend_get: one page of up to 100 of
// From_Account's friends from StartIndex, in the order they were added,
// with their standard and custom friend fields. CompleteFlag is 1 and
// NextStartIndex 0 on the last page. StandardSequence and CustomSequence
// are the user's friend-data sequences, which grow with every change of
// its friends' standard and custom fields.
func FriendGet(d *Deps) http.Handler {
	return handle(d, apiFriendGet, func(ctx context.Context, c *call, req *friendGetRequest) (any, error) {
		from, err := required("From_Account", req.FromAccount, CodeInvalidParam)
		if err != nil {
			return nil, err
		}
		if req.StartIndex == nil {
			return nil, errorf(CodeInvalidParam, "StartIndex is required")
		}
		start := *req.StartIndex
		if start < 0 {
			return nil, errorf(CodeInvalidParam, "StartIndex must not be negative, got %d", start)
		}
		page, err := d.Store.Friends(ctx, c.tenant.ID, from, start, friendPageSize)
		if err != nil {
			return nil, ownerError(err)
		}
		seq, err := d.Store.Sequences(ctx, c.tenant.ID, from)
		if err != nil {
			return nil, ownerError(err)
		}
		resp := friendGetResponse{UserDataItem: make([]userDataItem, len(page.Friends)), FriendNum: page.Total, Envelope: okEnvelope(),
			StandardSequence: seq.Standard, CustomSequence: seq.Custom}
		for i, f := range page.Friends {
			resp.UserDataItem[i] = userDataItem{ToAccount: f.ID, ValueItem: friendTags(f)}
		}
		if next := start + len(page.Friends); next < page.Total {
			resp.NextStartIndex = next
		} else {
			resp.CompleteFlag = 1
		}
		return resp, nil
	})
}

// friendTags lists an edge's fields as friend_get does: the standard tags
// that have a value, AddTime always, then the custom ones.
func friendTags(f imemu.Friend) []tagValue {
	var out []tagValue
	for _, tag := range []string{tagAddSource, tagRemark, tagGroup, tagAddWording, tagAddTime} {
		if v, ok := friendValue(f, tag); ok {
			out = append(out, tagValue{Tag: tag, Value: v})
		}
	}
	for _, a := range f.Attributes {
		out = append(out, tagValue{Tag: a.Key, Value: a.Value})
	}
	return out
}

// friendValue returns the value of a Tag_SNS_* tag on edge f, and whether
// it has one.
func friendValue(f imemu.Friend, tag string) (any, bool) {
	switch tag {
	case tagAddSource:
		return f.AddSource, f.AddSource != ""
	case tagRemark:
		return f.Remark, f.Remark != ""
	case tagGroup:
		return f.Groups, len(f.Groups) > 0
	case tagAddWording:
		return f.AddWording, f.AddWording != ""
	case tagAddTime:
		return f.AddedAt.Unix(), true
	}
	for _, a := range f.Attributes {
		if a.Key == tag {
			return a.Value, true
		}
	}
	return nil, false
}

type friendGetListRequest struct {
	FromAccount account   `json:"From_Account"`
	ToAccount   []account `json:"To_Account"`
	TagList     []string  `json:"TagList"`
}

type getListItem struct {
	ToAccount      string     `json:"To_Account"`
	SnsProfileItem []tagValue `json:",omitempty"`
	ResultCode     int
	ResultInfo     string
}

type friendGetListResponse struct {
	InfoItem    []getListItem
	FailAccount []string `json:"Fail_Account,omitempty"`
	Envelope
}

// FriendGetList serves v4/sns/friend_get_list: the TagList fields of up to
// 100 given friends of From_Account, in TagList order, leaving out tags
// without a value. Friend tags are Tag_SNS_IM_* and Tag_SNS_Custom_*;
// profile tags (Tag_Profile_*) read the friend's profile as portrait_get
// does. An account From_Account does not list
// gets 30001 Err_SNS_FriendGetList_Friend_Not_Exist.
func FriendGetList(d *Deps) http.Handler {
	return handle(d, apiFriendGetList, func(ctx context.Context, c *call, req *friendGetListRequest) (any, error) {
		from, err := required("From_Account", req.FromAccount, CodeInvalidParam)
		if err != nil {
			return nil, err
		}
		targets, err := accountList("To_Account", req.ToAccount, c.tenant.Limits.BatchMaxOr(maxGetListBatch), CodeInvalidParam)
		if err != nil {
			return nil, err
		}
		if len(req.TagList) == 0 {
			return nil, errorf(CodeInvalidParam, "TagList must list at least one tag")
		}
		for i, tag := range req.TagList {
			if !strings.HasPrefix(tag, snsTagPrefix) && !strings.HasPrefix(tag, profilePrefix) {
				return nil, errorf(CodeInvalidParam, "TagList[%d] %q is neither a Tag_SNS_* nor a Tag_Profile_* tag", i, tag)
			}
		}
		edges, err := d.Store.FriendsAmong(ctx, c.tenant.ID, from, targets)
		if err != nil {
			return nil, ownerError(err)
		}
		var profiles map[string]store.UserProfile
		if needsProfile(req.TagList) {
			if profiles, err = d.Store.Profiles(ctx, c.tenant.ID, targets); err != nil {
				return nil, err
			}
		}
		resp := friendGetListResponse{InfoItem: make([]getListItem, len(targets)), Envelope: okEnvelope()}
		for i, id := range targets {
			f, ok := edges[id]
			if !ok {
				resp.InfoItem[i] = getListItem{ToAccount: id, ResultCode: itemGetListNotFriend.Code, ResultInfo: itemGetListNotFriend.Info}
				resp.FailAccount = append(resp.FailAccount, id)
				continue
			}
			resp.InfoItem[i] = getListItem{ToAccount: id, SnsProfileItem: listTags(f, profiles[id], req.TagList, c.tenant.Settings)}
		}
		return resp, nil
	})
}

func needsProfile(tags []string) bool {
	for _, t := range tags {
		if strings.HasPrefix(t, profilePrefix) {
			return true
		}
	}
	return false
}

// listTags returns the values of tags for edge f to the friend whose
// profile is up.
func listTags(f imemu.Friend, up store.UserProfile, tags []string, set imemu.Settings) []tagValue {
	var out []tagValue
	for _, tag := range tags {
		var v any
		ok := false
		switch {
		case strings.HasPrefix(tag, profilePrefix):
			v, ok = profileValue(up, tag, set)
		case strings.HasPrefix(tag, snsTagPrefix):
			v, ok = friendValue(f, tag)
		}
		if ok {
			out = append(out, tagValue{Tag: tag, Value: v})
		}
	}
	return out
}

// ownerError maps the store's unknown-owner error to CodeAccountNotFound.
func ownerError(err error) error {
	if errors.Is(err, imemu.ErrUserNotFound) {
		return errorf(CodeAccountNotFound, "")
	}
	return err
}
