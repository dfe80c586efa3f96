package zegoapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/store"
	"github.com/imemu/imemu/internal/zegoapi"
)

// before returns a setup that sends requests first, each of which must
// succeed: pairs of Action and body.
func before(pairs ...string) func(*env) {
	return func(e *env) {
		for i := 0; i+1 < len(pairs); i += 2 {
			checkOK(e, e.post(pairs[i], pairs[i+1]))
		}
	}
}

// blockedByAlice is a setup in which alice blocks bob and frank.
var blockedByAlice = before("AddUsersToBlacklist", `{"FromUserId":"alice","UserIds":["bob","frank"]}`)

// atBlockLimit makes alice block zegoapi.MaxBlacklist users.
func atBlockLimit(e *env) {
	ctx := context.Background()
	t, err := e.store.Tenant(ctx, appKey)
	require.NoError(e.tb, err)
	users := make([]imemu.User, zegoapi.MaxBlacklist)
	ids := make([]string, zegoapi.MaxBlacklist)
	for i := range users {
		ids[i] = fmt.Sprintf("b%d", i)
		users[i] = imemu.User{ID: ids[i]}
	}
	_, err = e.store.RegisterUsers(ctx, t.ID, users)
	require.NoError(e.tb, err)
	_, err = e.store.BlockUsers(ctx, t.ID, "alice", ids, store.BlockOptions{})
	require.NoError(e.tb, err)
}

var blacklistCases = []apiCase{
	// AddUsersToBlacklist.
	{name: "block/one", action: "AddUsersToBlacklist", body: `{"FromUserId":"alice","UserIds":["bob"]}`, code: zegoapi.CodeOK},
	{name: "block/partial", action: "AddUsersToBlacklist", setup: blockedByAlice,
		body: `{"FromUserId":"alice","UserIds":["carol","bob","alice","zed","dave","carol"]}`, code: zegoapi.CodeOK},
	{name: "block/all_already", action: "AddUsersToBlacklist", setup: blockedByAlice, body: `{"FromUserId":"alice","UserIds":["bob","frank"]}`, code: zegoapi.CodeBlockFailed},
	{name: "block/all_self", action: "AddUsersToBlacklist", body: `{"FromUserId":"alice","UserIds":["alice"]}`, code: zegoapi.CodeBlockFailed},
	{name: "block/all_unregistered", action: "AddUsersToBlacklist", body: `{"FromUserId":"alice","UserIds":["zed","zoe"]}`, code: zegoapi.CodeBlockFailed},
	{name: "block/full", action: "AddUsersToBlacklist", setup: atBlockLimit, body: `{"FromUserId":"alice","UserIds":["bob","b0"]}`, code: zegoapi.CodeBlockFailed},
	{name: "block/userids_20", action: "AddUsersToBlacklist", body: `{"FromUserId":"alice","UserIds":["bob",` + ids("u", 19) + `]}`, code: zegoapi.CodeOK},
	{name: "block/userids_21", action: "AddUsersToBlacklist", body: `{"FromUserId":"alice","UserIds":[` + ids("u", 21) + `]}`, code: zegoapi.CodeBlockListLong},
	{name: "block/app_cap_3", action: "AddUsersToBlacklist", setup: withLimits(imemu.Limits{BatchMax: 3}),
		body: `{"FromUserId":"alice","UserIds":["bob","carol","dave","erin"]}`, code: zegoapi.CodeBlockListLong},
	{name: "block/userids_empty", action: "AddUsersToBlacklist", body: `{"FromUserId":"alice","UserIds":[]}`, code: zegoapi.CodeParamError},
	{name: "block/userids_missing", action: "AddUsersToBlacklist", body: `{"FromUserId":"alice"}`, code: zegoapi.CodeParamError},
	{name: "block/userids_item_bad_charset", action: "AddUsersToBlacklist", body: `{"FromUserId":"alice","UserIds":["b*b"]}`, code: zegoapi.CodeParamError},
	{name: "block/from_missing", action: "AddUsersToBlacklist", body: `{"UserIds":["bob"]}`, code: zegoapi.CodeParamError},
	{name: "block/from_33_bytes", action: "AddUsersToBlacklist", body: `{"FromUserId":"` + strings.Repeat("a", 33) + `","UserIds":["bob"]}`, code: zegoapi.CodeParamError},
	{name: "block/from_unregistered", action: "AddUsersToBlacklist", body: `{"FromUserId":"zed","UserIds":["bob"]}`, code: zegoapi.CodeFromNotFound},
	{name: "block/body_missing", action: "AddUsersToBlacklist", code: zegoapi.CodeParamError},
	{name: "block/get", method: http.MethodGet, action: "AddUsersToBlacklist", code: zegoapi.CodeParamError},
	{name: "block/rate_limited", action: "AddUsersToBlacklist", setup: exhaust("AddUsersToBlacklist", `{"FromUserId":"alice","UserIds":["bob"]}`),
		body: `{"FromUserId":"alice","UserIds":["carol"]}`, code: zegoapi.CodeRateLimited},

	// RemoveUsersFromBlacklist.
	{name: "unblock/one", action: "RemoveUsersFromBlacklist", setup: blockedByAlice, body: `{"FromUserId":"alice","UserIds":["bob"]}`, code: zegoapi.CodeOK},
	{name: "unblock/partial", action: "RemoveUsersFromBlacklist", setup: blockedByAlice,
		body: `{"FromUserId":"alice","UserIds":["bob","carol","alice","zed","bob"]}`, code: zegoapi.CodeOK},
	{name: "unblock/all_not_blocked", action: "RemoveUsersFromBlacklist", body: `{"FromUserId":"alice","UserIds":["bob","zed"]}`, code: zegoapi.CodeUnblockFailed},
	{name: "unblock/all_self", action: "RemoveUsersFromBlacklist", body: `{"FromUserId":"alice","UserIds":["alice"]}`, code: zegoapi.CodeUnblockFailed},
	{name: "unblock/userids_21", action: "RemoveUsersFromBlacklist", body: `{"FromUserId":"alice","UserIds":[` + ids("u", 21) + `]}`, code: zegoapi.CodeBlockListLong},
	{name: "unblock/userids_empty", action: "RemoveUsersFromBlacklist", body: `{"FromUserId":"alice","UserIds":[]}`, code: zegoapi.CodeParamError},
	{name: "unblock/from_unregistered", action: "RemoveUsersFromBlacklist", body: `{"FromUserId":"zed","UserIds":["bob"]}`, code: zegoapi.CodeFromNotFound},
	{name: "unblock/userids_string", action: "RemoveUsersFromBlacklist", body: `{"FromUserId":"alice","UserIds":"bob"}`, code: zegoapi.CodeParamError},

	// CheckUsersIsInBlacklist.
	{name: "checkblock/mixed", action: "CheckUsersIsInBlacklist", setup: blockedByAlice,
		body: `{"FromUserId":"alice","UserIds":["bob","carol","zed","alice","frank","bob"]}`, code: zegoapi.CodeOK},
	{name: "checkblock/one_way_only", action: "CheckUsersIsInBlacklist", setup: blockedByAlice, body: `{"FromUserId":"bob","UserIds":["alice"]}`, code: zegoapi.CodeOK},
	{name: "checkblock/all_unregistered", action: "CheckUsersIsInBlacklist", body: `{"FromUserId":"alice","UserIds":["zed"]}`, code: zegoapi.CodeUserNotFound},
	{name: "checkblock/userids_21", action: "CheckUsersIsInBlacklist", body: `{"FromUserId":"alice","UserIds":[` + ids("u", 21) + `]}`, code: zegoapi.CodeBlockListLong},
	{name: "checkblock/userids_empty", action: "CheckUsersIsInBlacklist", body: `{"FromUserId":"alice","UserIds":[]}`, code: zegoapi.CodeParamError},
	{name: "checkblock/from_unregistered", action: "CheckUsersIsInBlacklist", body: `{"FromUserId":"zed","UserIds":["bob"]}`, code: zegoapi.CodeFromNotFound},
	{name: "checkblock/from_bad_charset", action: "CheckUsersIsInBlacklist", body: `{"FromUserId":"al ice","UserIds":["bob"]}`, code: zegoapi.CodeParamError},

	// QueryBlacklist.
	{name: "queryblock/all", method: http.MethodGet, action: "QueryBlacklist", setup: blockedByAlice, query: set("FromUserId", "alice", "Limit", "100", "Next", "0"), code: zegoapi.CodeOK},
	{name: "queryblock/first_page", method: http.MethodGet, action: "QueryBlacklist", setup: blockedByAlice, query: set("FromUserId", "alice", "Limit", "1", "Next", "0"), code: zegoapi.CodeOK},
	{name: "queryblock/last_page", method: http.MethodGet, action: "QueryBlacklist", setup: blockedByAlice, query: set("FromUserId", "alice", "Limit", "1", "Next", "1"), code: zegoapi.CodeOK},
	{name: "queryblock/empty", method: http.MethodGet, action: "QueryBlacklist", query: set("FromUserId", "alice", "Next", "0"), code: zegoapi.CodeOK},
	{name: "queryblock/limit_zero", method: http.MethodGet, action: "QueryBlacklist", setup: blockedByAlice, query: set("FromUserId", "alice", "Limit", "0", "Next", "0"), code: zegoapi.CodeOK},
	{name: "queryblock/limit_not_integer", method: http.MethodGet, action: "QueryBlacklist", query: set("FromUserId", "alice", "Limit", "ten"), code: zegoapi.CodeParamError},
	{name: "queryblock/next_negative", method: http.MethodGet, action: "QueryBlacklist", query: set("FromUserId", "alice", "Next", "-1"), code: zegoapi.CodeParamError},
	{name: "queryblock/from_missing", method: http.MethodGet, action: "QueryBlacklist", query: set("Next", "0"), code: zegoapi.CodeParamError},
	{name: "queryblock/from_unregistered", method: http.MethodGet, action: "QueryBlacklist", query: set("FromUserId", "zed", "Next", "0"), code: zegoapi.CodeFromNotFound},
	{name: "queryblock/json_body_tolerated", method: http.MethodGet, action: "QueryBlacklist", setup: blockedByAlice, body: `{"FromUserId":"alice","Limit":1}`, code: zegoapi.CodeOK},
	{name: "queryblock/post", action: "QueryBlacklist", body: `{"FromUserId":"alice"}`, code: zegoapi.CodeParamError},
	{name: "queryblock/profiles", method: http.MethodGet, action: "QueryBlacklist", query: set("FromUserId", "frank", "Next", "0"), setup: before(
		"UserRegister", `{"UserInfo":[{"UserId":"gina","UserName":"Gina","UserAvatar":"https://example.com/gina.png"}]}`,
		"AddUsersToBlacklist", `{"FromUserId":"frank","UserIds":["gina"]}`), code: zegoapi.CodeOK},
}
