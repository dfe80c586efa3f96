package timapi

import "slices"

// TIM error codes. Each literal appears here only. "common" codes come from
// the REST API common error-code table (60000–79999, tencentcloud.com
// 1047/34348); the others from the named API pages. A comment saying
// "imemu:" names the conditions imemu answers with a code where TIM does not
// document which code it gives; docs/fidelity.md lists them.
const (
	CodeOK = 0 // success

	CodeInvalidParam     = 30001 // sns: bad request parameter (every sns page)
	CodeAccountNotFound  = 30003 // sns: requested account does not exist (every sns page)
	CodeInternal         = 30006 // sns: internal server error, retry (every sns page)
	CodeForbidSendOut    = 30009 // friend_add: the admin forbids the user to send friend requests (AdminForbid_Type_SendOut)
	CodeFriendLimit      = 30010 // friend_add/friend_import: own friend list is full
	CodeGroupLimit       = 30011 // friend_add/friend_update/group_add: friend-group count at the limit (32)
	CodePendingLimit     = 30012 // friend_add: pending friend requests at the limit (100)
	CodeBlockLimit       = 30013 // black_list_add: blocklist at the system limit (1000)
	CodePeerFriendLimit  = 30014 // friend_add: the other user's friend list is full
	CodeTargetBlocked    = 30515 // friend_add: the target is in the requester's blocklist
	CodeDenyAny          = 30516 // friend_add: the target's AllowType forbids anyone adding them
	CodeRequesterBlocked = 30525 // friend_add: the requester is in the target's blocklist
	CodePending          = 30539 // friend_add: the target uses AllowType_Type_NeedConfirm; a request is pending
	CodeNotFriend        = 31704 // friend_delete: no friendship with the account to delete
	CodeGroupNotFriend   = 32216 // group_add: a To_Account is not a friend

	CodeProfileParam     = 40001 // profile: bad request parameter (portrait pages)
	CodeProfileNoTargets = 40002 // portrait_get: To_Account missing
	CodeProfileNoAccount = 40003 // profile: the account does not exist
	CodeProfileNoTag     = 40009 // profile: the tag does not exist (imemu: also a custom tag the app did not configure)
	CodeProfileTooLong   = 40601 // account_import/portrait_set: a profile field is over 500 bytes
	CodeProfileBadValue  = 40605 // portrait_set: invalid value of a standard field
	CodeProfileBadType   = 40610 // portrait_set: wrong value type of a standard field

	CodeHTTPParse     = 60002 // common: HTTP parse error (imemu: method, query syntax, random, contenttype)
	CodeBadJSON       = 60003 // common: request body is not valid JSON
	CodeAccountOrSig  = 60004 // common: account or signature error in the URL (imemu: identifier missing)
	CodeRateLimited   = 60007 // common: REST API call frequency over the limit
	CodeBadRequest    = 60008 // common: malformed HTTP request (imemu: body over the size cap)
	CodeUnknownPath   = 60009 // common: requested resource error, unknown service/command
	CodeNeedAdmin     = 60010 // common: request needs App admin permission
	CodeNoSDKAppID    = 60012 // common: sdkappid missing from the URL
	CodeAccountType   = 60015 // common: accounts in the body must be JSON strings
	CodeSigExpired    = 70001 // common: UserSig expired
	CodeSigEmpty      = 70002 // common: UserSig length is 0
	CodeSigMalformed  = 70003 // common: UserSig could not be decoded
	CodeSigMismatch   = 70009 // common: UserSig HMAC does not verify with the app's key
	CodeSigIdentifier = 70013 // common: identifier differs from the UserSig's
	CodeSigAppID      = 70014 // common: sdkappid differs from the UserSig's
	CodeUnknownApp    = 70020 // common: SDKAppID does not exist
	CodeNotImported   = 70107 // common: the account has not been imported
	CodeAccountParam  = 70402 // account APIs: invalid parameters
)

// code is one row of the table: what imemu answers in ErrorInfo and where
// the vendor documents the code.
type code struct {
	info   string
	source string
}

// codes is the table of every code imemu answers with.
var codes = map[int]code{
	CodeOK:               {"", "every page"},
	CodeInvalidParam:     {"invalid request parameter", "sns pages"},
	CodeAccountNotFound:  {"Err_Sns_Invalid_Account", "sns pages; ErrorInfo as observed from the real service"},
	CodeInternal:         {"internal server error, please retry", "sns pages"},
	CodeFriendLimit:      {"your friend list is full", "friend_add, friend_import pages"},
	CodePeerFriendLimit:  {"the other user's friend list is full", "friend_add page"},
	CodeNotFriend:        {"no friendship exists with the account to be deleted", "friend_delete page"},
	CodeForbidSendOut:    {"the user is forbidden to send friend requests", "friend_add page"},
	CodeGroupLimit:       {"the friend-group count is at the limit", "friend_add, friend_update, group_add pages"},
	CodePendingLimit:     {"the pending friend-request count is at the limit", "friend_add page"},
	CodeBlockLimit:       {"the blocklist is at the system limit", "black_list_add page"},
	CodeTargetBlocked:    {"the target is in the requester's blocklist", "friend_add page"},
	CodeRequesterBlocked: {"the requester is in the target's blocklist", "friend_add page"},
	CodeDenyAny:          {"the target does not allow anyone to add them", "friend_add page"},
	CodePending:          {"the friend request is waiting for the target's approval", "friend_add page"},
	CodeGroupNotFriend:   {"the account is not a friend", "group_add page"},
	CodeProfileParam:     {"invalid request parameter", "portrait_set, portrait_get pages"},
	CodeProfileNoTargets: {"To_Account is missing", "portrait_get page"},
	CodeProfileNoAccount: {"the account does not exist", "portrait_set, portrait_get pages"},
	CodeProfileNoTag:     {"the tag does not exist", "portrait_set, portrait_get pages"},
	CodeProfileTooLong:   {"profile field value is over 500 bytes", "account_import, portrait_set pages"},
	CodeProfileBadValue:  {"invalid value of a standard profile field", "portrait_set page"},
	CodeProfileBadType:   {"wrong value type of a standard profile field", "portrait_set page"},
	CodeHTTPParse:        {"HTTP parse error, check the request URL", "common codes"},
	CodeBadJSON:          {"JSON parse error, check the request body", "common codes"},
	CodeAccountOrSig:     {"account or signature error in the request URL", "common codes"},
	CodeRateLimited:      {"REST API call frequency over the limit", "common codes"},
	CodeBadRequest:       {"malformed HTTP request", "common codes"},
	CodeUnknownPath:      {"requested resource error, check the request URL", "common codes"},
	CodeNeedAdmin:        {"the request requires App admin permission", "common codes"},
	CodeNoSDKAppID:       {"REST API requires SDKAppID, check sdkappid in the URL", "common codes"},
	CodeAccountType:      {"wrong account type in the request body, accounts must be strings", "common codes"},
	CodeSigExpired:       {"UserSig expired, generate a new one", "common codes"},
	CodeSigEmpty:         {"UserSig length is 0", "common codes (TRTC list)"},
	CodeSigMalformed:     {"UserSig could not be decoded", "common codes"},
	CodeSigMismatch:      {"UserSig verification failed, check the key it was made with", "common codes"},
	CodeSigIdentifier:    {"identifier in the URL differs from the UserSig's", "common codes"},
	CodeSigAppID:         {"sdkappid in the URL differs from the UserSig's", "common codes"},
	CodeUnknownApp:       {"SDKAppID does not exist", "common codes"},
	CodeNotImported:      {"the account has not been imported", "common codes"},
	CodeAccountParam:     {"invalid parameters", "account_import page"},
}

// Info returns the ErrorInfo imemu answers with for code.
func Info(code int) string {
	if c, ok := codes[code]; ok {
		return c.info
	}
	return "error"
}

// Codes returns every code in imemu's TIM codes table, ascending.
func Codes() []int {
	out := make([]int, 0, len(codes))
	for c := range codes {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// Documented reports whether code is in imemu's TIM codes table: every
// ErrorCode and ResultCode imemu answers with is.
func Documented(code int) bool {
	_, ok := codes[code]
	return ok
}

// item is a per-item outcome of a batch API: a ResultCode with the
// ResultInfo TIM puts next to it. Strings marked "doc" appear in Tencent's
// examples or real answers; the others follow their pattern (see the
// fidelity notes in docs/fidelity.md); fieldItem (friend_fields.go) builds
// those of refused friend field values.
type item struct {
	Code int
	Info string
}

var (
	itemOK                  = item{CodeOK, ""}
	itemDeleteNotFriend     = item{CodeNotFriend, "Err_SNS_FriendDelete_Not_Friend"}                          // doc (observed)
	itemInvalidAccount      = item{CodeAccountNotFound, "Err_Sns_Invalid_Account"}                            // doc (observed)
	itemAddExists           = item{CodeInvalidParam, "Err_SNS_FriendAdd_Friend_Exist"}                        // doc (observed)
	itemAddSelf             = item{CodeInvalidParam, "Err_SNS_FriendAdd_Add_Self"}                            // pattern
	itemAddMyLimit          = item{CodeFriendLimit, "Err_SNS_FriendAdd_My_Friend_Num_Exceed_Threshold"}       // pattern
	itemAddPeerLimit        = item{CodePeerFriendLimit, "Err_SNS_FriendAdd_Peer_Friend_Num_Exceed_Threshold"} // pattern
	itemImportExists        = item{CodeInvalidParam, "Err_SNS_FriendImport_Friend_Exist"}                     // pattern
	itemImportSelf          = item{CodeInvalidParam, "Err_SNS_FriendImport_Add_Self"}                         // pattern
	itemImportMyLimit       = item{CodeFriendLimit, "Err_SNS_FriendImport_My_Friend_Num_Exceed_Threshold"}    // doc
	itemGetListNotFriend    = item{CodeInvalidParam, "Err_SNS_FriendGetList_Friend_Not_Exist"}                // doc
	itemAccountNotImported  = item{CodeNotImported, "Err_TLS_PT_Open_Login_Account_Not_Exist"}                // doc (account_delete example)
	itemAddForbidden        = item{CodeForbidSendOut, "Err_SNS_FriendAdd_Forbid_Send_Out"}                    // pattern
	itemAddGroupLimit       = item{CodeGroupLimit, "Err_SNS_FriendAdd_Group_Num_Exceed_Threshold"}            // pattern
	itemAddDenyAny          = item{CodeDenyAny, "Err_SNS_FriendAdd_Peer_Deny_Any"}                            // pattern
	itemAddPending          = item{CodePending, "Err_SNS_FriendAdd_Need_Confirm"}                             // pattern
	itemImportGroupLimit    = item{CodeGroupLimit, "Err_SNS_FriendImport_Group_Num_Exceed_Threshold"}         // pattern
	itemUpdateNotFriend     = item{CodeInvalidParam, "Err_SNS_FriendUpdate_Friend_Not_Exist"}                 // pattern
	itemUpdateGroupLimit    = item{CodeGroupLimit, "Err_SNS_FriendUpdate_Group_Num_Exceed_Threshold"}         // doc
	itemGroupNotFriend      = item{CodeGroupNotFriend, "Err_SNS_GroupAdd_ToTinyId_Not_Friend"}                // doc
	itemGroupInvalidAccount = item{CodeAccountNotFound, "Err_Sns_Invalid_Account"}                            // pattern
	itemAddTargetBlocked    = item{CodeTargetBlocked, "Err_SNS_FriendAdd_Peer_In_My_BlackList"}               // pattern
	itemAddRequesterBlocked = item{CodeRequesterBlocked, "Err_SNS_FriendAdd_I_In_Peer_BlackList"}             // pattern
	itemAddPendingLimit     = item{CodePendingLimit, "Err_SNS_FriendAdd_Pendency_Num_Exceed_Threshold"}       // pattern
	itemBlockExists         = item{CodeInvalidParam, "Err_SNS_BlackListAdd_Already_Exist"}                    // doc
	itemBlockSelf           = item{CodeInvalidParam, "Err_SNS_BlackListAdd_Add_Self"}                         // pattern
	itemBlockLimit          = item{CodeBlockLimit, "Err_SNS_BlackListAdd_Black_Num_Exceed_Threshold"}         // pattern
	itemUnblockNotBlocked   = item{CodeInvalidParam, "Err_SNS_BlackListDelete_Not_Exist"}                     // pattern
	itemUnblockSelf         = item{CodeInvalidParam, "Err_SNS_BlackListDelete_Delete_Self"}                   // pattern
	itemProfileNoAccount    = item{CodeProfileNoAccount, "Err_Profile_PortraitGet_Account_Not_Exist"}         // pattern
)
