package timapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/store"
)

// maxFriends is TIM's cap on one user's friend list (UNCONFIRMED: the
// commonly documented 3000 of the standard editions).
const maxFriends = 3000

// maxPending caps the waiting friend requests to one user (usage-limits
// page).
const maxPending = 100

// maxAddTime is the last second of year 9999 (UTC): a later AddTime would
// overflow the store's milliseconds and could not be written in a state
// export.
const maxAddTime = 253402300799

// Field prefixes TIM requires.
const (
	addSourcePrefix = "AddSource_Type_"
	snsCustomPrefix = "Tag_SNS_Custom_"
)

// The AddType values of friend_add.
const (
	addSingle = "Add_Type_Single"
	addBoth   = "Add_Type_Both"
)

var (
	apiFriendAdd    = api{name: "sns/friend_add", qps: 200, paramCode: CodeInvalidParam}
	apiFriendImport = api{name: "sns/friend_import", qps: 200, paramCode: CodeInvalidParam}
)

type addFriendItem struct {
	ToAccount  account `json:"To_Account"`
	Remark     string  `json:"Remark"`
	GroupName  string  `json:"GroupName"` // one group when adding, hence a string
	AddSource  string  `json:"AddSource"`
	AddWording string  `json:"AddWording"`
}

type friendAddRequest struct {
	FromAccount   account         `json:"From_Account"`
	AddFriendItem []addFriendItem `json:"AddFriendItem"`
	AddType       string          `json:"AddType"`
	ForceAddFlags int             `json:"ForceAddFlags"`
}

// friendBatchResponse answers friend_add and friend_import.
type friendBatchResponse struct {
	ResultItem  []resultItem
	FailAccount []string `json:"Fail_Account,omitempty"` // only when an item failed
	Envelope
}

// FriendAdd serves v4/sns/friend_add: add up to 1000 friends of
// From_Account, two-way unless AddType is Add_Type_Single. A normal
// two-way add is a friend request the target's AllowType decides:
// AllowAny adds, NeedConfirm leaves a pending request (30539, no edge),
// DenyAny refuses (30516). Forced (ForceAddFlags 1) and one-way adds skip
// verification; a requester the admin forbids to send requests gets 30009
// unless the add is forced. A pair where either side blocks the other is
// refused even when forced: 30515 when From_Account blocks the target,
// 30525 when the target blocks From_Account. A NeedConfirm target with
// 100 waiting requests gets 30012. An item whose fields TIM would refuse
// (CheckFriendField) fails alone with 30001.
func FriendAdd(d *Deps) http.Handler {
	return handle(d, apiFriendAdd, func(ctx context.Context, c *call, req *friendAddRequest) (any, error) {
		from, err := required("From_Account", req.FromAccount, CodeInvalidParam)
		if err != nil {
			return nil, err
		}
		if err := checkBatch("AddFriendItem", len(req.AddFriendItem), c.tenant.Limits.BatchMaxOr(maxFriendBatch), CodeInvalidParam); err != nil {
			return nil, err
		}
		var twoWay bool
		switch req.AddType {
		case "", addBoth:
			twoWay = true
		case addSingle:
		default:
			return nil, errorf(CodeInvalidParam, "AddType must be %s or %s, got %q", addSingle, addBoth, req.AddType)
		}
		if req.ForceAddFlags != 0 && req.ForceAddFlags != 1 {
			return nil, errorf(CodeInvalidParam, "ForceAddFlags must be 0 or 1, got %d", req.ForceAddFlags)
		}
		adds := make([]imemu.Friend, len(req.AddFriendItem))
		for i, it := range req.AddFriendItem {
			if err := checkToAccount(i, it.ToAccount); err != nil {
				return nil, err
			}
			adds[i] = imemu.Friend{ID: string(it.ToAccount), Remark: it.Remark, AddSource: it.AddSource, AddWording: it.AddWording}
			if it.GroupName != "" {
				adds[i].Groups = []string{it.GroupName}
			}
		}
		forced := req.ForceAddFlags == 1
		opts := store.AddOptions{TwoWay: twoWay, CheckBlocks: true, CheckSender: !forced, Verify: twoWay && !forced,
			DefaultAllowType: c.tenant.Settings.DefaultAllowType, MaxPending: maxPending}
		return d.addFriends(ctx, c, from, adds, opts, addOutcomes{
			api: "FriendAdd", callback: true, forced: forced, self: itemAddSelf, exists: itemAddExists, myLimit: itemAddMyLimit, peerLimit: itemAddPeerLimit,
			groupLimit: itemAddGroupLimit,
		})
	})
}

type customItem struct {
	Tag   string `json:"Tag"`
	Value string `json:"Value"`
}

type importFriendItem struct {
	ToAccount  account      `json:"To_Account"`
	Remark     string       `json:"Remark"`
	RemarkTime int64        `json:"RemarkTime"`
	GroupName  []string     `json:"GroupName"`
	AddSource  string       `json:"AddSource"`
	AddWording string       `json:"AddWording"`
	AddTime    int64        `json:"AddTime"`
	CustomItem []customItem `json:"CustomItem"`
}

type friendImportRequest struct {
	FromAccount   account            `json:"From_Account"`
	AddFriendItem []importFriendItem `json:"AddFriendItem"`
}

// FriendImport serves v4/sns/friend_import: import up to 1000 one-way
// friends of From_Account with their standard fields (AddTime sets the
// friendship's time) and Tag_SNS_Custom_* items, whose values must be
// strings. An edge that exists is left as it was and reported.
func FriendImport(d *Deps) http.Handler {
	return handle(d, apiFriendImport, func(ctx context.Context, c *call, req *friendImportRequest) (any, error) {
		from, err := required("From_Account", req.FromAccount, CodeInvalidParam)
		if err != nil {
			return nil, err
		}
		if err := checkBatch("AddFriendItem", len(req.AddFriendItem), c.tenant.Limits.BatchMaxOr(maxFriendBatch), CodeInvalidParam); err != nil {
			return nil, err
		}
		adds := make([]imemu.Friend, len(req.AddFriendItem))
		for i, it := range req.AddFriendItem {
			if err := checkToAccount(i, it.ToAccount); err != nil {
				return nil, err
			}
			f := imemu.Friend{ID: string(it.ToAccount), Remark: it.Remark, Groups: it.GroupName, AddSource: it.AddSource, AddWording: it.AddWording}
			if it.AddTime < 0 || it.AddTime > maxAddTime {
				return nil, errorf(CodeInvalidParam, "AddFriendItem[%d].AddTime must be Unix seconds from 0 to %d, got %d", i, maxAddTime, it.AddTime)
			}
			if it.AddTime > 0 {
				f.AddedAt = time.Unix(it.AddTime, 0).UTC()
			}
			for j, ci := range it.CustomItem {
				if !strings.HasPrefix(ci.Tag, snsCustomPrefix) || len(ci.Tag) == len(snsCustomPrefix) {
					return nil, errorf(CodeInvalidParam, "AddFriendItem[%d].CustomItem[%d].Tag must start with %s, got %q", i, j, snsCustomPrefix, ci.Tag)
				}
				f.Attributes = append(f.Attributes, imemu.Attribute{Key: ci.Tag, Value: ci.Value})
			}
			adds[i] = f
		}
		return d.addFriends(ctx, c, from, adds, store.AddOptions{}, addOutcomes{
			api: "FriendImport", self: itemImportSelf, exists: itemImportExists, myLimit: itemImportMyLimit, peerLimit: itemImportMyLimit,
			groupLimit: itemImportGroupLimit,
		})
	})
}

// checkToAccount fails the whole request when an item names no account:
// there is no To_Account to report a ResultItem for.
func checkToAccount(i int, to account) error {
	if to == "" {
		return errorf(CodeInvalidParam, "AddFriendItem[%d].To_Account is required", i)
	}
	return nil
}

// checkFriendFields checks the fields of one friend to write
// (CheckFriendField on each); a refused value fails that item alone.
func checkFriendFields(f imemu.Friend) error {
	for _, kv := range [...][2]string{{tagRemark, f.Remark}, {tagAddSource, f.AddSource}, {tagAddWording, f.AddWording}} {
		if err := CheckFriendField(kv[0], kv[1]); err != nil {
			return err
		}
	}
	if err := CheckFriendGroups(f.Groups); err != nil {
		return err
	}
	for _, a := range f.Attributes {
		if err := CheckFriendField(a.Key, a.Value); err != nil {
			return err
		}
	}
	return nil
}

// addOutcomes are the per-item results one API reports for the store's outcomes.
type addOutcomes struct {
	api                                          string // as in ResultInfo strings: FriendAdd, FriendImport
	callback                                     bool   // new edges fire Sns.CallbackFriendAdd (friend_add, not friend_import)
	forced                                       bool   // ForceAddFlags 1, for the callback's ForceFlag
	self, exists, myLimit, peerLimit, groupLimit item
}

// addFriends adds the edges in one transaction and reports a ResultItem per
// item in request order. An item with a field value TIM refuses (30001,
// see checkFriendFields) or adding oneself never reaches the store.
func (d *Deps) addFriends(ctx context.Context, c *call, from string, adds []imemu.Friend, opts store.AddOptions, oc addOutcomes) (any, error) {
	items := make([]item, len(adds))
	var toStore []imemu.Friend
	var index []int // index[k] is the request position of toStore[k]
	for i, f := range adds {
		if err := checkFriendFields(f); err != nil {
			items[i] = fieldItem(oc.api, err)
			continue
		}
		if f.ID == from {
			items[i] = oc.self
			continue
		}
		toStore = append(toStore, f)
		index = append(index, i)
	}
	opts.MaxFriends, opts.MaxGroups = maxFriends, maxGroups
	results, err := d.Store.AddFriends(ctx, c.tenant.ID, from, toStore, opts)
	if err != nil {
		return nil, ownerError(err)
	}
	var created []imemu.Edge
	for k, res := range results {
		created = append(created, res.Created...)
		var it item
		switch res.Outcome {
		case imemu.Added:
			it = itemOK
		case imemu.AlreadyFriend:
			it = oc.exists
		case imemu.TargetNotRegistered:
			it = itemInvalidAccount
		case imemu.OwnerAtLimit:
			it = oc.myLimit
		case imemu.TargetAtLimit:
			it = oc.peerLimit
		case imemu.GroupLimit:
			it = oc.groupLimit
		case imemu.OwnerForbidden:
			it = itemAddForbidden
		case imemu.TargetDenies:
			it = itemAddDenyAny
		case imemu.TargetNeedsConfirm:
			it = itemAddPending
		case imemu.PendingLimit:
			it = itemAddPendingLimit
		case imemu.OwnerBlocksTarget:
			it = itemAddTargetBlocked
		case imemu.TargetBlocksOwner:
			it = itemAddRequesterBlocked
		default:
			return nil, fmt.Errorf("add %s → %s: unexpected outcome %v", from, res.Target, res.Outcome)
		}
		items[index[k]] = it
	}
	resp := friendBatchResponse{ResultItem: make([]resultItem, len(adds)), Envelope: okEnvelope()}
	for i, f := range adds {
		resp.ResultItem[i] = newResultItem(f.ID, items[i])
		if items[i].Code != CodeOK {
			resp.FailAccount = append(resp.FailAccount, f.ID)
		}
	}
	if oc.callback && len(created) > 0 {
		d.callbackFriendAdd(c, from, created, oc.forced)
	}
	return resp, nil
}
