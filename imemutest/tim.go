package imemutest

import (
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/imemu/imemu/internal/signature"
)

// UserSigLifetime is how long, in seconds, the UserSigs TIMApp makes stay
// valid on the server's clock: a day, as Tencent's examples use.
const UserSigLifetime = 86400

// TIMAnswer is the envelope of every TIM answer. Each API's answer type
// embeds it.
type TIMAnswer struct {
	// ActionStatus is "OK" or "FAIL".
	ActionStatus string `json:"ActionStatus"`
	// ErrorCode is 0 on success, else the vendor's code (see docs/tim.md).
	ErrorCode int `json:"ErrorCode"`
	// ErrorInfo says what ErrorCode means; imemu's wording, do not match on it.
	ErrorInfo string `json:"ErrorInfo"`
	// ErrorDisplay is always "" (account APIs and common-code errors,
	// 60000–79999, send none).
	ErrorDisplay string `json:"ErrorDisplay"`
}

// TIMResponse is a TIM answer as sent: its envelope, decoded, and the
// whole JSON body, for APIs without a typed method or for golden files.
type TIMResponse struct {
	TIMAnswer
	// Body is the answer's JSON, as the server wrote it.
	Body json.RawMessage
}

// Decode decodes the whole answer into v, e.g. a *TIMFriendDeleteAnswer or
// your own type, failing t if it does not fit.
func (r TIMResponse) Decode(t TB, v any) {
	t.Helper()
	decode(t, "TIM", r.Body, v)
}

// UserSig returns a UserSig for identifier, issued at the server's current
// time and valid for UserSigLifetime seconds.
func (a *TIMApp) UserSig(identifier string) string {
	a.t.Helper()
	sig, err := signature.GenUserSig(a.AppID, a.Secret, identifier, UserSigLifetime, a.srv.Clock(a.t).Now.Unix())
	if err != nil {
		a.t.Fatalf("imemutest: %v", err)
	}
	return sig
}

// URL returns the full URL of a TIM REST API, api being "service/command"
// as the journal names it (e.g. "sns/friend_delete"), called as the app's
// admin with a fresh UserSig.
func (a *TIMApp) URL(api string) string {
	a.t.Helper()
	q := url.Values{
		"sdkappid":    {strconv.FormatUint(a.AppID, 10)},
		"identifier":  {a.Admin},
		"usersig":     {a.UserSig(a.Admin)},
		"random":      {strconv.FormatUint(uint64(rand.Uint32()), 10)},
		"contenttype": {"json"},
	}
	return a.srv.URL + "/v4/" + strings.TrimPrefix(api, "/v4/") + "?" + q.Encode()
}

// Post calls a TIM REST API (e.g. "sns/friend_delete") with body encoded as
// JSON (a struct, a map or a json.RawMessage, so malformed requests can be
// sent too) and returns the answer, whatever its ErrorCode. The typed
// methods (FriendDelete, AccountImport, …) are the same call with typed
// values.
func (a *TIMApp) Post(t TB, api string, body any) TIMResponse {
	t.Helper()
	b := a.srv.vendorCall(t, http.MethodPost, a.URL(api), body)
	r := TIMResponse{Body: b}
	decode(t, "TIM", b, &r.TIMAnswer)
	return r
}

// TIMResultItem is one item of a TIM sns batch answer (friend_add,
// friend_import, friend_delete).
type TIMResultItem struct {
	ToAccount  string `json:"To_Account"`
	ResultCode int    `json:"ResultCode"`
	ResultInfo string `json:"ResultInfo"`
}

// TIMTagValue is one Tag/Value pair of friend_get and friend_get_list. Value
// is raw JSON because its type depends on the tag: a string, a number
// (Tag_SNS_IM_AddTime) or an array (Tag_SNS_IM_Group).
type TIMTagValue struct {
	Tag   string          `json:"Tag"`
	Value json.RawMessage `json:"Value"`
}
