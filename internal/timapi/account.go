package timapi

import (
	"context"
	"net/http"

	"github.com/imemu/imemu"
)

// maxAccountBatch is the documented cap of multiaccount_import,
// account_check and account_delete.
const maxAccountBatch = 100

// maxProfileBytes caps Nick and FaceUrl (account_import's 40601).
const maxProfileBytes = 500

// The AccountStatus values of account_check.
const (
	statusImported    = "Imported"
	statusNotImported = "NotImported"
)

var (
	apiAccountImport      = api{name: "im_open_login_svc/account_import", qps: 200, paramCode: CodeAccountParam}
	apiMultiAccountImport = api{name: "im_open_login_svc/multiaccount_import", qps: 200, paramCode: CodeAccountParam}
	apiAccountCheck       = api{name: "im_open_login_svc/account_check", qps: 100, paramCode: CodeAccountParam}
	apiAccountDelete      = api{name: "im_open_login_svc/account_delete", qps: 200, paramCode: CodeAccountParam}
)

type accountImportRequest struct {
	UserID     account `json:"UserID"`
	Identifier account `json:"Identifier"` // the older documentation's name for UserID
	Nick       string  `json:"Nick"`
	FaceURL    string  `json:"FaceUrl"`
}

// AccountImport serves v4/im_open_login_svc/account_import: import one
// account (UserID, or the older Identifier) with an optional Nick and
// FaceUrl. Importing an existing account succeeds and changes nothing.
func AccountImport(d *Deps) http.Handler {
	return handle(d, apiAccountImport, func(ctx context.Context, c *call, req *accountImportRequest) (any, error) {
		id := req.UserID
		if id == "" {
			id = req.Identifier
		}
		if id == "" {
			return nil, errorf(CodeAccountParam, "UserID is required")
		}
		if err := validID(string(id)); err != nil {
			return nil, errorf(CodeAccountParam, "%v", err)
		}
		if len(req.Nick) > maxProfileBytes || len(req.FaceURL) > maxProfileBytes {
			return nil, errorf(CodeProfileTooLong, "")
		}
		u := imemu.User{ID: string(id), Name: req.Nick, Avatar: req.FaceURL}
		if _, err := d.Store.RegisterUsers(ctx, c.tenant.ID, []imemu.User{u}); err != nil {
			return nil, err
		}
		return okAccountEnvelope(), nil
	})
}

type accountListItem struct {
	UserID  account `json:"UserID"`
	Nick    string  `json:"Nick"`
	FaceURL string  `json:"FaceUrl"`
}

type multiAccountImportRequest struct {
	Accounts    []account         `json:"Accounts"`    // older form: bare UserIDs
	AccountList []accountListItem `json:"AccountList"` // newer form: UserID with profile
}

type multiAccountImportResponse struct {
	accountEnvelope
	FailAccounts []string
}

// MultiAccountImport serves v4/im_open_login_svc/multiaccount_import:
// import up to 100 accounts given as Accounts, AccountList or both (taken
// together, Accounts first). Ids TIM would refuse are listed in
// FailAccounts and the others imported.
func MultiAccountImport(d *Deps) http.Handler {
	return handle(d, apiMultiAccountImport, func(ctx context.Context, c *call, req *multiAccountImportRequest) (any, error) {
		list := make([]accountListItem, 0, len(req.Accounts)+len(req.AccountList))
		for _, a := range req.Accounts {
			list = append(list, accountListItem{UserID: a})
		}
		list = append(list, req.AccountList...)
		if err := checkBatch("Accounts/AccountList", len(list), c.tenant.Limits.BatchMaxOr(maxAccountBatch), CodeAccountParam); err != nil {
			return nil, err
		}
		resp := multiAccountImportResponse{accountEnvelope: okAccountEnvelope(), FailAccounts: []string{}}
		var users []imemu.User
		for _, it := range list {
			id := string(it.UserID)
			if validID(id) != nil || len(it.Nick) > maxProfileBytes || len(it.FaceURL) > maxProfileBytes {
				resp.FailAccounts = append(resp.FailAccounts, id)
				continue
			}
			users = append(users, imemu.User{ID: id, Name: it.Nick, Avatar: it.FaceURL})
		}
		if len(users) > 0 {
			if _, err := d.Store.RegisterUsers(ctx, c.tenant.ID, users); err != nil {
				return nil, err
			}
		}
		return resp, nil
	})
}

type userIDItem struct {
	UserID account `json:"UserID"`
}

type accountCheckRequest struct {
	CheckItem []userIDItem `json:"CheckItem"`
}

type accountCheckResult struct {
	UserID        string
	ResultCode    int
	ResultInfo    string
	AccountStatus string
}

type accountCheckResponse struct {
	accountEnvelope
	ResultItem []accountCheckResult
}

// AccountCheck serves v4/im_open_login_svc/account_check: whether each of
// up to 100 accounts is Imported or NotImported (100 calls/s).
func AccountCheck(d *Deps) http.Handler {
	return handle(d, apiAccountCheck, func(ctx context.Context, c *call, req *accountCheckRequest) (any, error) {
		ids, err := userIDs("CheckItem", req.CheckItem, c.tenant.Limits.BatchMaxOr(maxAccountBatch))
		if err != nil {
			return nil, err
		}
		exist, err := d.Store.UsersExist(ctx, c.tenant.ID, ids)
		if err != nil {
			return nil, err
		}
		resp := accountCheckResponse{accountEnvelope: okAccountEnvelope(), ResultItem: make([]accountCheckResult, len(ids))}
		for i, id := range ids {
			status := statusNotImported
			if exist[id] {
				status = statusImported
			}
			resp.ResultItem[i] = accountCheckResult{UserID: id, AccountStatus: status}
		}
		return resp, nil
	})
}

type accountDeleteRequest struct {
	DeleteItem []userIDItem `json:"DeleteItem"`
}

type accountDeleteResult struct {
	ResultCode int
	ResultInfo string
	UserID     string
}

type accountDeleteResponse struct {
	accountEnvelope
	ResultItem []accountDeleteResult
}

// AccountDelete serves v4/im_open_login_svc/account_delete: delete up to
// 100 accounts with every friendship edge that touches them, in one
// transaction; an account that was not imported gets CodeNotImported.
func AccountDelete(d *Deps) http.Handler {
	return handle(d, apiAccountDelete, func(ctx context.Context, c *call, req *accountDeleteRequest) (any, error) {
		ids, err := userIDs("DeleteItem", req.DeleteItem, c.tenant.Limits.BatchMaxOr(maxAccountBatch))
		if err != nil {
			return nil, err
		}
		existed, err := d.Store.DeleteUsers(ctx, c.tenant.ID, ids)
		if err != nil {
			return nil, err
		}
		resp := accountDeleteResponse{accountEnvelope: okAccountEnvelope(), ResultItem: make([]accountDeleteResult, len(ids))}
		for i, id := range ids {
			it := itemOK
			if !existed[i] {
				it = itemAccountNotImported
			}
			resp.ResultItem[i] = accountDeleteResult{ResultCode: it.Code, ResultInfo: it.Info, UserID: id}
		}
		return resp, nil
	})
}

// userIDs returns the UserIDs of 1..max items.
func userIDs(field string, items []userIDItem, max int) ([]string, error) {
	if err := checkBatch(field, len(items), max, CodeAccountParam); err != nil {
		return nil, err
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = string(it.UserID)
	}
	return ids, nil
}
