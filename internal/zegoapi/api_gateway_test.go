package zegoapi_test

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/zegoapi"
)

// deleteBob is a DeleteFriends body that succeeds on the default fixtures.
const deleteBob = `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":1}`

var gatewayCases = []apiCase{
	{name: "gateway/action_missing", action: "DeleteFriends", query: del("Action"), body: deleteBob, code: zegoapi.CodeActionEmpty},
	{name: "gateway/action_empty", action: "", body: deleteBob, code: zegoapi.CodeActionEmpty},
	{name: "gateway/appid_missing", action: "DeleteFriends", query: del("AppId"), body: deleteBob, code: zegoapi.CodeAppIDFormat},
	{name: "gateway/appid_not_decimal", action: "DeleteFriends", query: set("AppId", "0x499602d2"), body: deleteBob, code: zegoapi.CodeAppIDFormat},
	{name: "gateway/appid_over_uint32", action: "DeleteFriends", query: set("AppId", "4294967296"), body: deleteBob, code: zegoapi.CodeAppIDFormat},
	{name: "gateway/appid_negative", action: "DeleteFriends", query: set("AppId", "-1"), body: deleteBob, code: zegoapi.CodeAppIDFormat},
	{name: "gateway/nonce_missing", action: "DeleteFriends", query: del("SignatureNonce"), body: deleteBob, code: zegoapi.CodeNonceEmpty},
	{name: "gateway/timestamp_missing", action: "DeleteFriends", query: del("Timestamp"), body: deleteBob, code: zegoapi.CodeTimestampEmpty},
	{name: "gateway/timestamp_not_integer", action: "DeleteFriends", query: set("Timestamp", "1767323045.0"), body: deleteBob, code: zegoapi.CodeTimestampFormat},
	{name: "gateway/timestamp_milliseconds_too_far", action: "DeleteFriends", query: set("Timestamp", "1767323045000"), body: deleteBob, code: zegoapi.CodeSignatureExpired},
	{name: "gateway/sigversion_missing", action: "DeleteFriends", query: del("SignatureVersion"), body: deleteBob, code: zegoapi.CodeSigVersionEmpty},
	{name: "gateway/sigversion_unsupported", action: "DeleteFriends", query: set("SignatureVersion", "1.0"), body: deleteBob, code: zegoapi.CodeSigVersionUnsupport},
	{name: "gateway/signature_missing", action: "DeleteFriends", query: del("Signature"), body: deleteBob, code: zegoapi.CodeSignatureEmpty},
	{name: "gateway/appid_unknown", action: "DeleteFriends", query: resign(42, secret, 0), body: deleteBob, code: zegoapi.CodeSecretNotFound},
	{name: "gateway/appid_zero", action: "DeleteFriends", query: resign(0, secret, 0), body: deleteBob, code: zegoapi.CodeSecretNotFound},
	{name: "gateway/timestamp_expired", action: "DeleteFriends", query: resign(appID, secret, -601), body: deleteBob, code: zegoapi.CodeSignatureExpired},
	{name: "gateway/timestamp_future", action: "DeleteFriends", query: resign(appID, secret, 601), body: deleteBob, code: zegoapi.CodeSignatureExpired},
	{name: "gateway/signature_wrong_secret", action: "DeleteFriends", query: resign(appID, strings.Repeat("0", 32), 0), body: deleteBob, code: zegoapi.CodeSignatureError},
	{name: "gateway/signature_not_hex", action: "DeleteFriends", query: set("Signature", "Pc5WB8gokVn0xfeu/ZV+iNM1dgI="), body: deleteBob, code: zegoapi.CodeSignatureError},
	{name: "gateway/signature_uppercase_accepted", action: "DeleteFriends", query: func(e *env, q url.Values) {
		q.Set("Signature", strings.ToUpper(q.Get("Signature")))
	}, body: deleteBob, code: zegoapi.CodeOK},
	{name: "gateway/action_unsupported", action: "DeletedAllFriends", method: http.MethodGet, code: zegoapi.CodeActionUnsupported},
	{name: "gateway/action_wrong_case", action: "deletefriends", body: deleteBob, code: zegoapi.CodeActionUnsupported},
	{name: "gateway/store_unavailable", action: "DeleteFriends", body: deleteBob, code: zegoapi.CodeBusiness,
		setup: func(e *env) { _ = e.store.Close() }},
	{name: "gateway/auth_off_any_signature", cfg: server.Config{AuthOff: true}, action: "DeleteFriends",
		query: set("Signature", "x", "Timestamp", "1"), body: deleteBob, code: zegoapi.CodeOK},
	{name: "gateway/auth_off_still_needs_signature", cfg: server.Config{AuthOff: true}, action: "DeleteFriends",
		query: del("Signature"), body: deleteBob, code: zegoapi.CodeSignatureEmpty},
	{name: "gateway/auth_off_still_needs_app", cfg: server.Config{AuthOff: true}, action: "DeleteFriends",
		query: set("AppId", "42"), body: deleteBob, code: zegoapi.CodeSecretNotFound},
}

var actionCases = []apiCase{
	{name: "action/get_for_post_action", method: http.MethodGet, action: "DeleteFriends", body: deleteBob, code: zegoapi.CodeParamError},
	{name: "action/put", method: http.MethodPut, action: "DeleteFriends", body: deleteBob, code: zegoapi.CodeParamError},
	{name: "action/post_for_get_action", action: "QueryFriendList", query: set("FromUserId", "alice"), code: zegoapi.CodeParamError},
	{name: "action/body_too_large", cfg: server.Config{MaxBodyBytes: 64}, action: "DeleteFriends",
		body: `{"FromUserId":"alice","UserIds":["bob","carol","dave"],"DeleteType":1}`, code: zegoapi.CodeBodyRead},
	{name: "action/rate_limited", action: "DeleteFriends", setup: exhaust("DeleteFriends", deleteBob),
		body: `{"FromUserId":"alice","UserIds":["carol"],"DeleteType":1}`, code: zegoapi.CodeRateLimited},
	{name: "action/register_rate_limited", action: "UserRegister", setup: exhaust("UserRegister", `{"UserInfo":[{"UserId":"gina"}]}`),
		body: `{"UserInfo":[{"UserId":"hank"}]}`, code: zegoapi.CodeRegisterRate},
}
