package imemutest

// TIM's CheckType values of black_list_check.
const (
	// TIMBlackCheckSingle looks only at From_Account's blocklist.
	TIMBlackCheckSingle = "BlackCheckResult_Type_Single"
	// TIMBlackCheckBoth looks at both blocklists.
	TIMBlackCheckBoth = "BlackCheckResult_Type_Both"
)

// TIMBlackListRequest is the body of TIM's sns/black_list_add and
// sns/black_list_delete.
type TIMBlackListRequest struct {
	FromAccount string   `json:"From_Account"`
	ToAccount   []string `json:"To_Account"`
}

// TIMBlackListAnswer is the answer of black_list_add and black_list_delete.
type TIMBlackListAnswer struct {
	TIMAnswer
	// ResultItem has one item per To_Account, in request order.
	ResultItem []TIMResultItem `json:"ResultItem"`
	// FailAccount lists the accounts whose item failed; absent when none did.
	FailAccount []string `json:"Fail_Account,omitempty"`
}

// BlackListAdd calls TIM's sns/black_list_add: From_Account blocks the
// accounts, which (unless the app keeps friends on block) also ends their
// friendships both ways. It returns the answer, whatever its ErrorCode.
func (a *TIMApp) BlackListAdd(t TB, req TIMBlackListRequest) TIMBlackListAnswer {
	t.Helper()
	var out TIMBlackListAnswer
	a.Post(t, "sns/black_list_add", req).Decode(t, &out)
	return out
}

// BlackListDelete calls TIM's sns/black_list_delete and returns its answer,
// whatever its ErrorCode.
func (a *TIMApp) BlackListDelete(t TB, req TIMBlackListRequest) TIMBlackListAnswer {
	t.Helper()
	var out TIMBlackListAnswer
	a.Post(t, "sns/black_list_delete", req).Decode(t, &out)
	return out
}

// TIMBlackListGetRequest is the body of TIM's sns/black_list_get; every
// field is sent (REST callers send LastSequence 0).
type TIMBlackListGetRequest struct {
	FromAccount  string `json:"From_Account"`
	StartIndex   int    `json:"StartIndex"`
	MaxLimited   int    `json:"MaxLimited"`
	LastSequence int64  `json:"LastSequence"`
}

// TIMBlackListItem is one blocked account of black_list_get.
type TIMBlackListItem struct {
	ToAccount string `json:"To_Account"`
	// AddBlackTimeStamp is when it was blocked, in Unix seconds.
	AddBlackTimeStamp int64 `json:"AddBlackTimeStamp"`
}

// TIMBlackListGetAnswer is black_list_get's answer.
type TIMBlackListGetAnswer struct {
	TIMAnswer
	BlackListItem []TIMBlackListItem `json:"BlackListItem"`
	// StartIndex is where the next page starts; 0 when all were pulled.
	StartIndex int `json:"StartIndex"`
	// CurruentSequence (TIM's spelling) grows with every block and unblock.
	CurruentSequence int64 `json:"CurruentSequence"`
}

// BlackListGet calls TIM's sns/black_list_get and returns its answer,
// whatever its ErrorCode.
func (a *TIMApp) BlackListGet(t TB, req TIMBlackListGetRequest) TIMBlackListGetAnswer {
	t.Helper()
	var out TIMBlackListGetAnswer
	a.Post(t, "sns/black_list_get", req).Decode(t, &out)
	return out
}

// TIMBlackListCheckRequest is the body of TIM's sns/black_list_check.
type TIMBlackListCheckRequest struct {
	FromAccount string   `json:"From_Account"`
	ToAccount   []string `json:"To_Account"`
	// CheckType is TIMBlackCheckSingle or TIMBlackCheckBoth.
	CheckType string `json:"CheckType"`
}

// TIMBlackListCheckAnswer is black_list_check's answer. Relation is
// BlackCheckResult_Type_BothWay, _AWithB, _BWithA or _NO.
type TIMBlackListCheckAnswer struct {
	TIMAnswer
	BlackListCheckItem []TIMCheckItem `json:"BlackListCheckItem"`
	FailAccount        []string       `json:"Fail_Account,omitempty"`
}

// BlackListCheck calls TIM's sns/black_list_check and returns its answer,
// whatever its ErrorCode.
func (a *TIMApp) BlackListCheck(t TB, req TIMBlackListCheckRequest) TIMBlackListCheckAnswer {
	t.Helper()
	var out TIMBlackListCheckAnswer
	a.Post(t, "sns/black_list_check", req).Decode(t, &out)
	return out
}
