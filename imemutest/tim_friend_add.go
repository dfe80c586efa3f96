package imemutest

// TIMAddFriendItem is one item of a TIM friend_add request.
type TIMAddFriendItem struct {
	ToAccount string `json:"To_Account"`
	// AddSource is "AddSource_Type_" followed by a keyword; required.
	AddSource  string `json:"AddSource"`
	Remark     string `json:"Remark,omitempty"`
	GroupName  string `json:"GroupName,omitempty"`
	AddWording string `json:"AddWording,omitempty"`
}

// TIMFriendAddRequest is the body of TIM's sns/friend_add.
type TIMFriendAddRequest struct {
	FromAccount   string             `json:"From_Account"`
	AddFriendItem []TIMAddFriendItem `json:"AddFriendItem"`
	// AddType is "Add_Type_Both" (the default) or "Add_Type_Single".
	AddType       string `json:"AddType,omitempty"`
	ForceAddFlags int    `json:"ForceAddFlags,omitempty"`
}

// TIMFriendAddAnswer is the answer of friend_add and friend_import.
type TIMFriendAddAnswer struct {
	TIMAnswer
	ResultItem []TIMResultItem `json:"ResultItem"`
	// FailAccount lists the failed To_Accounts; absent when none failed.
	FailAccount []string `json:"Fail_Account"`
}

// FriendAdd calls TIM's sns/friend_add and returns its answer, whatever
// its ErrorCode.
func (a *TIMApp) FriendAdd(t TB, req TIMFriendAddRequest) TIMFriendAddAnswer {
	t.Helper()
	var out TIMFriendAddAnswer
	a.Post(t, "sns/friend_add", req).Decode(t, &out)
	return out
}

// TIMCustomItem is one custom friend field (Tag "Tag_SNS_Custom_…").
type TIMCustomItem struct {
	Tag   string `json:"Tag"`
	Value string `json:"Value"`
}

// TIMImportFriendItem is one item of a TIM friend_import request.
type TIMImportFriendItem struct {
	ToAccount  string   `json:"To_Account"`
	AddSource  string   `json:"AddSource"`
	Remark     string   `json:"Remark,omitempty"`
	RemarkTime int64    `json:"RemarkTime,omitempty"`
	GroupName  []string `json:"GroupName,omitempty"`
	AddWording string   `json:"AddWording,omitempty"`
	// AddTime is the friendship's time in Unix seconds; 0 means now.
	AddTime    int64           `json:"AddTime,omitempty"`
	CustomItem []TIMCustomItem `json:"CustomItem,omitempty"`
}

// TIMFriendImportRequest is the body of TIM's sns/friend_import.
type TIMFriendImportRequest struct {
	FromAccount   string                `json:"From_Account"`
	AddFriendItem []TIMImportFriendItem `json:"AddFriendItem"`
}

// FriendImport calls TIM's sns/friend_import and returns its answer,
// whatever its ErrorCode.
func (a *TIMApp) FriendImport(t TB, req TIMFriendImportRequest) TIMFriendAddAnswer {
	t.Helper()
	var out TIMFriendAddAnswer
	a.Post(t, "sns/friend_import", req).Decode(t, &out)
	return out
}
