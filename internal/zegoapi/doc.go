// Package zegoapi emulates ZEGO ZIM's server API: POST or GET
// /?Action=<Name>&<public params>. It owns ZEGO's codes table, request
// types, validation and handlers; every answer is HTTP 200 with ZEGO's
// envelope {"Code","Message","RequestId",…}.
//
// A request is checked in one fixed order and answered with the first
// failure: public parameters and authentication (Gateway), then the Action
// (supported, called with its HTTP method), then the app's QPS limit for
// that Action, then the body or query fields, then each item of a batch.
// So a request that is wrong in several ways always gets the same code, and
// a rejected request never touches the rate-limit bucket unless it got that
// far, nor the store unless every request-level check passed.
//
// Actions: UserRegister, AddFriends, DeleteFriends, DeleteAllFriends,
// QueryFriendList and CheckFriendsRelation (friends.go, friends_add.go,
// friends_query.go); AddUsersToBlacklist, RemoveUsersFromBlacklist,
// QueryBlacklist and CheckUsersIsInBlacklist (blacklist.go);
// UpdateFriendsAlias and UpdateFriendAttributes (friends_update.go);
// SendFriendApplication (applications.go); QueryUserInfos and
// ModifyUserInfo (users_info.go). Each successful change is recorded as
// the client notification ZIM would push (events.go): friendListChanged,
// blacklistChanged, friendApplicationListChanged, friendInfoUpdated and
// userInfoUpdated.
package zegoapi
