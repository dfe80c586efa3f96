package zegoapi

import (
	"maps"
	"slices"
)

// ZEGO return codes imemu answers with. Each literal appears here only.
// Sources: "global" is ZIM server's return-codes page (zim-server/return-codes);
// an Action name is that Action's page. Messages are imemu's paraphrase of
// the documented meaning: ZEGO documents no exact Message strings.
const (
	CodeOK       = 0 // success
	CodeInternal = 1 // request failed; server busy, retry (global)

	CodeAppIDFormat         = 100000001 // AppId field format error (global)
	CodeTimestampEmpty      = 100000002 // Timestamp empty (global)
	CodeTimestampFormat     = 100000003 // Timestamp format error (global)
	CodeSignatureExpired    = 100000004 // signature expired: Timestamp outside ±10 min (global)
	CodeSignatureError      = 100000005 // signature error (global)
	CodeActionEmpty         = 100000006 // Action empty (global)
	CodeActionUnsupported   = 100000007 // unsupported Action (global)
	CodeNonceEmpty          = 100000008 // SignatureNonce empty (global)
	CodeSignatureEmpty      = 100000009 // Signature empty (global)
	CodeSecretNotFound      = 100000010 // failed to get ServerSecret, i.e. unknown AppId (global)
	CodeBodyRead            = 100000012 // failed to read HTTP body (global)
	CodeSigVersionEmpty     = 100000013 // SignatureVersion empty (global)
	CodeSigVersionUnsupport = 100000014 // unsupported SignatureVersion (global)

	CodeBusiness       = 660000001 // generic business error; retry (global, every friend Action)
	CodeParamError     = 660000002 // input parameter error (global, every Action)
	CodeTooManyUsers   = 660000011 // too many users in the input list (global)
	CodeUserIDTooLong  = 660000012 // UserId longer than 32 bytes (UserRegister)
	CodeRateLimited    = 660300005 // call frequency over the AppID-level limit (every friend Action)
	CodeFromNotFound   = 660500002 // FromUserId not registered (DeleteFriends, AddFriends; imemu: every friend Action)
	CodeRegisterRate   = 660700001 // UserRegister call frequency over limit (UserRegister)
	CodeUserExists     = 660700002 // user already registered (UserRegister)
	CodeUserNameLong   = 660700006 // UserName longer than 256 bytes (UserRegister)
	CodeAvatarLong     = 660700007 // UserAvatar longer than 500 bytes (UserRegister)
	CodeUserMissing    = 660700012 // user does not exist; register first (ModifyUserInfo)
	CodeUserNotFound   = 660700015 // user not registered (AddFriends; imemu: also CheckFriendsRelation Fails)
	CodeBatchLimit     = 660800019 // single batch operation over the limit (DeleteFriends, AddFriends; imemu: also CheckFriendsRelation)
	CodeAddSelf        = 660800020 // a FriendInfos UserId equals FromUserId (AddFriends)
	CodeTextTooLong    = 660800021 // FriendAlias or Wording over its length limit (AddFriends)
	CodeDuplicateIDs   = 660800022 // duplicated user id parameters (DeleteFriends, AddFriends; imemu: also CheckFriendsRelation)
	CodeAttrKey        = 660800023 // Attributes Key not one of k0..k4 (AddFriends)
	CodeAttrTooLong    = 660800024 // Attributes keys and values over 1024 bytes (AddFriends)
	CodeNoneRegistered = 660800025 // none of the target friends is registered (AddFriends)
	CodeAttrParam      = 660800026 // friend attribute parameter error (AddFriends)
	CodeAlreadyFriend  = 660800027 // target is already a friend (AddFriends)
	CodeFriendLimit    = 660800028 // friend count at its limit (AddFriends)
	CodeAttrDupKey     = 660800032 // Attributes repeat a Key (AddFriends)
	CodeDeleteSelf     = 660800033 // a UserIds string equals FromUserId (DeleteFriends; imemu: also CheckFriendsRelation)
	CodeNotFriend      = 660800034 // target is not a friend of FromUserId (DeleteFriends)
	CodeBlocked        = 660800037 // target is already in the blocklist (AddUsersToBlacklist)
	CodeBlockSelf      = 660800038 // FromUserId cannot block or unblock itself (AddUsersToBlacklist, RemoveUsersFromBlacklist)
	CodeBlockListLong  = 660800039 // user list too long (AddUsersToBlacklist, RemoveUsersFromBlacklist, CheckUsersIsInBlacklist)
	CodeBlocklistFull  = 660800040 // FromUserId's blocklist is full (AddUsersToBlacklist)
	CodeBlockFailed    = 660800041 // blocking failed for every target (AddUsersToBlacklist)
	CodeUnblockFailed  = 660800042 // unblocking failed for every target (RemoveUsersFromBlacklist)
	CodeNotBlocked     = 660800044 // target is not in the blocklist (RemoveUsersFromBlacklist)
	CodeFriendTimeLate = 660800046 // FriendTime later than now (AddFriends)
)

// CodeInfo is one row of the codes table.
type CodeInfo struct {
	Code    int
	Message string // what imemu answers in Message (and UserRegister's SubMessage)
	Source  string // where ZEGO documents the code
}

// codes is the codes table: every code imemu can answer, with its Message.
var codes = map[int]CodeInfo{
	CodeOK:       {Message: "success", Source: "every Action's response example"},
	CodeInternal: {Message: "request failed, server busy, please retry", Source: "global return codes"},

	CodeAppIDFormat:         {Message: "AppId format error", Source: "global return codes"},
	CodeTimestampEmpty:      {Message: "Timestamp is empty", Source: "global return codes"},
	CodeTimestampFormat:     {Message: "Timestamp format error", Source: "global return codes"},
	CodeSignatureExpired:    {Message: "signature expired: Timestamp is more than 10 minutes from server time", Source: "global return codes; accessing server APIs"},
	CodeSignatureError:      {Message: "signature error: want lowercase hex md5(AppId + SignatureNonce + ServerSecret + Timestamp); start mockserver with --auth off to skip signature checks", Source: "global return codes; accessing server APIs"},
	CodeActionEmpty:         {Message: "Action is empty", Source: "global return codes"},
	CodeActionUnsupported:   {Message: "unsupported Action", Source: "global return codes"},
	CodeNonceEmpty:          {Message: "SignatureNonce is empty", Source: "global return codes"},
	CodeSignatureEmpty:      {Message: "Signature is empty", Source: "global return codes"},
	CodeSecretNotFound:      {Message: "failed to get ServerSecret: check the AppId", Source: "global return codes"},
	CodeBodyRead:            {Message: "failed to read HTTP body", Source: "global return codes"},
	CodeSigVersionEmpty:     {Message: "SignatureVersion is empty", Source: "global return codes"},
	CodeSigVersionUnsupport: {Message: "unsupported SignatureVersion", Source: "global return codes"},

	CodeBusiness:       {Message: "server business error, please retry", Source: "global return codes"},
	CodeParamError:     {Message: "input parameter error", Source: "global return codes; every Action (QueryUserInfos: also a user that does not exist)"},
	CodeTooManyUsers:   {Message: "too many users in the input list", Source: "global return codes (UserRegister, QueryUserInfos, ModifyUserInfo over 100)"},
	CodeUserIDTooLong:  {Message: "user length limit", Source: "UserRegister; ModifyUserInfo (SubMessage verbatim from their examples)"},
	CodeRateLimited:    {Message: "API call frequency exceeds the AppID-level limit", Source: "global return codes; every friend Action"},
	CodeFromNotFound:   {Message: "FromUserId is not registered", Source: "DeleteFriends; AddFriends (imemu: every friend Action)"},
	CodeRegisterRate:   {Message: "UserRegister call frequency exceeds the limit", Source: "UserRegister"},
	CodeUserExists:     {Message: "user already exists", Source: "UserRegister"},
	CodeUserNameLong:   {Message: "UserName is longer than 256 bytes", Source: "UserRegister (imemu: also ModifyUserInfo)"},
	CodeAvatarLong:     {Message: "UserAvatar is longer than 500 bytes", Source: "UserRegister (imemu: also ModifyUserInfo)"},
	CodeUserMissing:    {Message: "user does not exist, register first", Source: "ModifyUserInfo; global return codes"},
	CodeUserNotFound:   {Message: "user is not registered", Source: "AddFriends; SendFriendApplication; AddUsersToBlacklist; CheckUsersIsInBlacklist; global return codes (imemu: also CheckFriendsRelation Fails)"},
	CodeBatchLimit:     {Message: "single batch operation exceeds the limit", Source: "DeleteFriends; AddFriends; UpdateFriendsAlias; SendFriendApplication (imemu: also CheckFriendsRelation)"},
	CodeAddSelf:        {Message: "cannot add FromUserId as its own friend", Source: "AddFriends"},
	CodeTextTooLong:    {Message: "FriendAlias or Wording is too long", Source: "AddFriends"},
	CodeDuplicateIDs:   {Message: "user id parameters are duplicated", Source: "DeleteFriends; AddFriends (imemu: also CheckFriendsRelation)"},
	CodeAttrKey:        {Message: "Attributes Key must be one of k0..k4", Source: "AddFriends"},
	CodeAttrTooLong:    {Message: "Attributes keys and values exceed 1024 bytes", Source: "AddFriends"},
	CodeNoneRegistered: {Message: "none of the target friends is registered", Source: "AddFriends"},
	CodeAttrParam:      {Message: "friend attribute parameter error", Source: "AddFriends"},
	CodeAlreadyFriend:  {Message: "target user is already a friend", Source: "AddFriends"},
	CodeFriendLimit:    {Message: "friend count has reached its limit", Source: "AddFriends"},
	CodeAttrDupKey:     {Message: "Attributes has a duplicated Key", Source: "AddFriends"},
	CodeDeleteSelf:     {Message: "a string in UserIds cannot be the same as FromUserId", Source: "DeleteFriends (imemu: also CheckFriendsRelation)"},
	CodeNotFriend:      {Message: "target user is not a friend of FromUserId", Source: "DeleteFriends; UpdateFriendsAlias (imemu: also UpdateFriendAttributes)"},
	CodeBlocked:        {Message: "target user is already in the blocklist", Source: "AddUsersToBlacklist"},
	CodeBlockSelf:      {Message: "FromUserId cannot block or unblock itself", Source: "AddUsersToBlacklist; RemoveUsersFromBlacklist"},
	CodeBlockListLong:  {Message: "user list is too long", Source: "AddUsersToBlacklist; RemoveUsersFromBlacklist; CheckUsersIsInBlacklist"},
	CodeBlocklistFull:  {Message: "FromUserId's blocklist is full", Source: "AddUsersToBlacklist"},
	CodeBlockFailed:    {Message: "blocking failed for every user", Source: "AddUsersToBlacklist"},
	CodeUnblockFailed:  {Message: "unblocking failed for every user", Source: "RemoveUsersFromBlacklist"},
	CodeNotBlocked:     {Message: "target user is not in the blocklist", Source: "RemoveUsersFromBlacklist"},
	CodeFriendTimeLate: {Message: "FriendTime is later than the current time", Source: "AddFriends"},
}

// Message returns the Message imemu answers code with.
func Message(code int) string {
	if c, ok := codes[code]; ok {
		return c.Message
	}
	return "error"
}

// Codes returns the codes table ordered by code, e.g. for documentation and
// for tests that check every answer carries a known code.
func Codes() []CodeInfo {
	out := make([]CodeInfo, 0, len(codes))
	for _, code := range slices.Sorted(maps.Keys(codes)) {
		c := codes[code]
		c.Code = code
		out = append(out, c)
	}
	return out
}
