package imemutest

// TIMAccountImportRequest is the body of TIM's
// im_open_login_svc/account_import.
type TIMAccountImportRequest struct {
	UserID  string `json:"UserID"`
	Nick    string `json:"Nick,omitempty"`
	FaceURL string `json:"FaceUrl,omitempty"`
}

// AccountImport calls TIM's account_import and returns its answer, whatever
// its ErrorCode.
func (a *TIMApp) AccountImport(t TB, req TIMAccountImportRequest) TIMAnswer {
	t.Helper()
	return a.Post(t, "im_open_login_svc/account_import", req).TIMAnswer
}

// TIMAccount is one account of multiaccount_import's AccountList.
type TIMAccount struct {
	UserID  string `json:"UserID"`
	Nick    string `json:"Nick,omitempty"`
	FaceURL string `json:"FaceUrl,omitempty"`
}

// TIMMultiAccountImportRequest is the body of TIM's
// im_open_login_svc/multiaccount_import: bare ids, accounts with a
// profile, or both.
type TIMMultiAccountImportRequest struct {
	Accounts    []string     `json:"Accounts,omitempty"`
	AccountList []TIMAccount `json:"AccountList,omitempty"`
}

// TIMMultiAccountImportAnswer is multiaccount_import's answer.
type TIMMultiAccountImportAnswer struct {
	TIMAnswer
	// FailAccounts lists the ids that were not imported.
	FailAccounts []string `json:"FailAccounts"`
}

// MultiAccountImport calls TIM's multiaccount_import and returns its
// answer, whatever its ErrorCode.
func (a *TIMApp) MultiAccountImport(t TB, req TIMMultiAccountImportRequest) TIMMultiAccountImportAnswer {
	t.Helper()
	var out TIMMultiAccountImportAnswer
	a.Post(t, "im_open_login_svc/multiaccount_import", req).Decode(t, &out)
	return out
}

// TIMUserID is one item of account_check's CheckItem and account_delete's
// DeleteItem.
type TIMUserID struct {
	UserID string `json:"UserID"`
}

// TIMAccountCheckRequest is the body of TIM's
// im_open_login_svc/account_check.
type TIMAccountCheckRequest struct {
	CheckItem []TIMUserID `json:"CheckItem"`
}

// TIMAccountStatus is one item of account_check's answer.
type TIMAccountStatus struct {
	UserID     string `json:"UserID"`
	ResultCode int    `json:"ResultCode"`
	ResultInfo string `json:"ResultInfo"`
	// AccountStatus is "Imported" or "NotImported".
	AccountStatus string `json:"AccountStatus"`
}

// TIMAccountCheckAnswer is account_check's answer.
type TIMAccountCheckAnswer struct {
	TIMAnswer
	ResultItem []TIMAccountStatus `json:"ResultItem"`
}

// AccountCheck calls TIM's account_check and returns its answer, whatever
// its ErrorCode.
func (a *TIMApp) AccountCheck(t TB, req TIMAccountCheckRequest) TIMAccountCheckAnswer {
	t.Helper()
	var out TIMAccountCheckAnswer
	a.Post(t, "im_open_login_svc/account_check", req).Decode(t, &out)
	return out
}

// TIMAccountDeleteRequest is the body of TIM's
// im_open_login_svc/account_delete.
type TIMAccountDeleteRequest struct {
	DeleteItem []TIMUserID `json:"DeleteItem"`
}

// TIMAccountResult is one item of account_delete's answer.
type TIMAccountResult struct {
	UserID     string `json:"UserID"`
	ResultCode int    `json:"ResultCode"`
	ResultInfo string `json:"ResultInfo"`
}

// TIMAccountDeleteAnswer is account_delete's answer.
type TIMAccountDeleteAnswer struct {
	TIMAnswer
	ResultItem []TIMAccountResult `json:"ResultItem"`
}

// AccountDelete calls TIM's account_delete and returns its answer, whatever
// its ErrorCode.
func (a *TIMApp) AccountDelete(t TB, req TIMAccountDeleteRequest) TIMAccountDeleteAnswer {
	t.Helper()
	var out TIMAccountDeleteAnswer
	a.Post(t, "im_open_login_svc/account_delete", req).Decode(t, &out)
	return out
}
