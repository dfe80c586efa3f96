package timapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/store"
)

// maxBlocks caps one user's blocklist; TIM's cap cannot be raised
// (1047/33521).
const maxBlocks = 1000

// maxBlackListPage caps black_list_get's MaxLimited (imemu: TIM documents
// no maximum).
const maxBlackListPage = 1000

// The CheckType and Relation values of black_list_check.
const (
	blackCheckSingle = "BlackCheckResult_Type_Single"
	blackCheckBoth   = "BlackCheckResult_Type_Both"
	blackRelNone     = "BlackCheckResult_Type_NO"
	blackRelAWithB   = "BlackCheckResult_Type_AWithB"
	blackRelBWithA   = "BlackCheckResult_Type_BWithA"
	blackRelBothWay  = "BlackCheckResult_Type_BothWay"
)

var (
	apiBlackListAdd    = api{name: "sns/black_list_add", qps: 200, paramCode: CodeInvalidParam}
	apiBlackListDelete = api{name: "sns/black_list_delete", qps: 200, paramCode: CodeInvalidParam}
	apiBlackListGet    = api{name: "sns/black_list_get", qps: 200, paramCode: CodeInvalidParam}
	apiBlackListCheck  = api{name: "sns/black_list_check", qps: 200, paramCode: CodeInvalidParam}
)

type blackListRequest struct {
	FromAccount account   `json:"From_Account"`
	ToAccount   []account `json:"To_Account"`
}

// BlackListAdd serves v4/sns/black_list_add: From_Account blocks up to
// 1000 accounts, in one transaction. A block removes the friendship both
// ways unless the app keeps friends on block (settings
// keepFriendsOnBlock); unblocking restores nothing. Each account gets a
// ResultItem: 0, 30001 (already blocked, or From_Account itself), 30003
// (never imported) or 30013 (the blocklist holds 1000). New blocks fire
// Sns.CallbackBlackListAdd; the friendships a block dissolves fire no
// Sns.CallbackFriendDelete (imemu's choice: TIM documents none).
func BlackListAdd(d *Deps) http.Handler {
	return handle(d, apiBlackListAdd, func(ctx context.Context, c *call, req *blackListRequest) (any, error) {
		from, targets, err := fromAndTargets(c, req.FromAccount, req.ToAccount)
		if err != nil {
			return nil, err
		}
		results, err := d.Store.BlockUsers(ctx, c.tenant.ID, from, targets,
			store.BlockOptions{Max: maxBlocks, DropFriendship: !c.tenant.Settings.KeepFriendsOnBlock})
		if err != nil {
			return nil, ownerError(err)
		}
		return d.blockAnswer(c, cmdBlackListAdd, from, results, map[imemu.BlockOutcome]item{
			imemu.Blocked: itemOK, imemu.AlreadyBlocked: itemBlockExists, imemu.BlockSelf: itemBlockSelf,
			imemu.BlockNotRegistered: itemInvalidAccount, imemu.BlocklistFull: itemBlockLimit,
		})
	})
}

// BlackListDelete serves v4/sns/black_list_delete: From_Account unblocks
// up to 1000 accounts, in one transaction: 0, 30001 (not in the
// blocklist, or From_Account itself) or 30003 per account. Lifted blocks
// fire Sns.CallbackBlackListDelete.
func BlackListDelete(d *Deps) http.Handler {
	return handle(d, apiBlackListDelete, func(ctx context.Context, c *call, req *blackListRequest) (any, error) {
		from, targets, err := fromAndTargets(c, req.FromAccount, req.ToAccount)
		if err != nil {
			return nil, err
		}
		results, err := d.Store.UnblockUsers(ctx, c.tenant.ID, from, targets)
		if err != nil {
			return nil, ownerError(err)
		}
		return d.blockAnswer(c, cmdBlackListDelete, from, results, map[imemu.BlockOutcome]item{
			imemu.Unblocked: itemOK, imemu.NotBlocked: itemUnblockNotBlocked, imemu.BlockSelf: itemUnblockSelf,
			imemu.BlockNotRegistered: itemInvalidAccount,
		})
	})
}

// blockAnswer renders the ResultItems of a block or unblock and fires
// command for the accounts whose block changed.
func (d *Deps) blockAnswer(c *call, command, from string, results []imemu.BlockResult, items map[imemu.BlockOutcome]item) (any, error) {
	resp := friendBatchResponse{ResultItem: make([]resultItem, len(results)), Envelope: okEnvelope()}
	var changed []string
	for i, res := range results {
		it, ok := items[res.Outcome]
		if !ok {
			return nil, fmt.Errorf("block %s → %s: unexpected outcome %v", from, res.Target, res.Outcome)
		}
		resp.ResultItem[i] = newResultItem(res.Target, it)
		if it.Code != CodeOK {
			resp.FailAccount = append(resp.FailAccount, res.Target)
		} else {
			changed = append(changed, res.Target)
		}
	}
	if len(changed) > 0 {
		d.callbackBlackList(c, command, from, changed)
	}
	return resp, nil
}

type blackListGetRequest struct {
	FromAccount  account `json:"From_Account"`
	StartIndex   *int    `json:"StartIndex"`
	MaxLimited   *int    `json:"MaxLimited"`
	LastSequence *int64  `json:"LastSequence"`
}

type blackListItem struct {
	ToAccount         string `json:"To_Account"`
	AddBlackTimeStamp int64
}

type blackListGetResponse struct {
	BlackListItem    []blackListItem
	StartIndex       int
	CurruentSequence int64 // sic: TIM's spelling
	Envelope
}

// BlackListGet serves v4/sns/black_list_get: a page of up to MaxLimited
// (1..1000) of From_Account's blocklist from StartIndex, in the order the
// blocks were made, with each block's time in Unix seconds. StartIndex in
// the answer is where the next page starts, 0 when the list is complete;
// CurruentSequence (TIM's spelling) is the blocklist's sequence, which
// grows with every block and unblock. LastSequence is required and
// otherwise ignored, as REST callers send 0.
func BlackListGet(d *Deps) http.Handler {
	return handle(d, apiBlackListGet, func(ctx context.Context, c *call, req *blackListGetRequest) (any, error) {
		from, err := required("From_Account", req.FromAccount, CodeInvalidParam)
		if err != nil {
			return nil, err
		}
		switch {
		case req.StartIndex == nil || *req.StartIndex < 0:
			return nil, errorf(CodeInvalidParam, "StartIndex is required and must not be negative")
		case req.MaxLimited == nil || *req.MaxLimited < 1 || *req.MaxLimited > maxBlackListPage:
			return nil, errorf(CodeInvalidParam, "MaxLimited is required, from 1 to %d", maxBlackListPage)
		case req.LastSequence == nil:
			return nil, errorf(CodeInvalidParam, "LastSequence is required (REST callers send 0)")
		}
		start := *req.StartIndex
		list, total, err := d.Store.Blocklist(ctx, c.tenant.ID, from, start, *req.MaxLimited)
		if err != nil {
			return nil, ownerError(err)
		}
		seq, err := d.Store.Sequences(ctx, c.tenant.ID, from)
		if err != nil {
			return nil, ownerError(err)
		}
		resp := blackListGetResponse{BlackListItem: make([]blackListItem, len(list)), CurruentSequence: seq.Block, Envelope: okEnvelope()}
		for i, b := range list {
			resp.BlackListItem[i] = blackListItem{ToAccount: b.ID, AddBlackTimeStamp: b.AddedAt.Unix()}
		}
		if next := start + len(list); next < total {
			resp.StartIndex = next
		}
		return resp, nil
	})
}

type blackListCheckRequest struct {
	FromAccount account   `json:"From_Account"`
	ToAccount   []account `json:"To_Account"`
	CheckType   string    `json:"CheckType"`
}

type blackListCheckResponse struct {
	BlackListCheckItem []checkItem
	FailAccount        []string `json:"Fail_Account,omitempty"`
	Envelope
}

// BlackListCheck serves v4/sns/black_list_check: whether From_Account
// blocks each of up to 1000 accounts (BlackCheckResult_Type_Single: NO or
// AWithB) or also whether each blocks From_Account
// (BlackCheckResult_Type_Both: BothWay, AWithB, BWithA or NO). An account
// never imported simply has NO.
func BlackListCheck(d *Deps) http.Handler {
	return handle(d, apiBlackListCheck, func(ctx context.Context, c *call, req *blackListCheckRequest) (any, error) {
		from, targets, err := fromAndTargets(c, req.FromAccount, req.ToAccount)
		if err != nil {
			return nil, err
		}
		if req.CheckType != blackCheckSingle && req.CheckType != blackCheckBoth {
			return nil, errorf(CodeInvalidParam, "CheckType must be %s or %s, got %q", blackCheckSingle, blackCheckBoth, req.CheckType)
		}
		states, err := d.Store.BlockStates(ctx, c.tenant.ID, from, targets)
		if err != nil {
			return nil, ownerError(err)
		}
		both := req.CheckType == blackCheckBoth
		resp := blackListCheckResponse{BlackListCheckItem: make([]checkItem, len(states)), Envelope: okEnvelope()}
		for i, st := range states {
			rel := blackRelNone
			switch {
			case st.OwnerBlocks && both && st.TargetBlocks:
				rel = blackRelBothWay
			case st.OwnerBlocks:
				rel = blackRelAWithB
			case both && st.TargetBlocks:
				rel = blackRelBWithA
			}
			resp.BlackListCheckItem[i] = checkItem{ToAccount: st.Target, Relation: rel}
		}
		return resp, nil
	})
}
