package imemutest

import (
	crand "crypto/rand"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/imemu/imemu/internal/signature"
)

// ZegoAnswer is the envelope of every ZEGO answer. Each Action's answer
// type embeds it.
type ZegoAnswer struct {
	// Code is 0 on success, else the vendor's code (see docs/zego.md).
	Code int `json:"Code"`
	// Message says what Code means, with imemu's detail after a colon.
	Message string `json:"Message"`
	// RequestID is the 18-digit id of this request, also in X-Request-Id.
	RequestID string `json:"RequestId"`
}

// ZegoResponse is a ZEGO answer as sent: its envelope, decoded, and the
// whole JSON body, for Actions without a typed method or for golden files.
type ZegoResponse struct {
	ZegoAnswer
	// Body is the answer's JSON, as the server wrote it.
	Body json.RawMessage
}

// Decode decodes the whole answer into v, e.g. a *ZegoDeleteFriendsAnswer
// or your own type, failing t if it does not fit.
func (r ZegoResponse) Decode(t TB, v any) {
	t.Helper()
	decode(t, "ZEGO", r.Body, v)
}

// URL returns the full URL of a ZEGO Action (e.g. "DeleteFriends"), signed
// with the app's ServerSecret at the server's current time (read from GET
// /_mock/clock, so a frozen, set or advanced clock still signs valid).
// Extra parameters, e.g. QueryFriendList's FromUserId, go in params.
func (a *ZegoApp) URL(action string, params ...url.Values) string {
	a.t.Helper()
	ts := a.srv.Clock(a.t).Now.Unix()
	nonce, err := signature.ZegoNonce(crand.Reader)
	if err != nil {
		a.t.Fatalf("imemutest: %v", err)
	}
	q := url.Values{}
	for _, p := range params {
		for k, v := range p {
			q[k] = v
		}
	}
	q.Set("Action", action)
	q.Set("AppId", strconv.FormatUint(a.AppID, 10))
	q.Set("SignatureNonce", nonce)
	q.Set("Timestamp", strconv.FormatInt(ts, 10))
	q.Set("SignatureVersion", "2.0")
	q.Set("Signature", signature.ZegoSign(uint32(a.AppID), nonce, a.Secret, ts))
	return a.srv.URL + "/?" + q.Encode()
}

// Post calls a ZEGO POST Action (e.g. "DeleteFriends") with body encoded
// as JSON (a struct, a map or a json.RawMessage, so malformed requests can
// be sent too) and returns the answer, whatever its Code. The typed methods
// (DeleteFriends, AddFriends, …) are the same call with typed values.
func (a *ZegoApp) Post(t TB, action string, body any) ZegoResponse {
	t.Helper()
	return zegoResponse(t, a.srv.vendorCall(t, http.MethodPost, a.URL(action), body))
}

// Get calls a ZEGO GET Action (QueryFriendList, DeleteAllFriends) with its
// parameters in the query and returns the answer, whatever its Code.
func (a *ZegoApp) Get(t TB, action string, params url.Values) ZegoResponse {
	t.Helper()
	return zegoResponse(t, a.srv.vendorCall(t, http.MethodGet, a.URL(action, params), nil))
}

func zegoResponse(t TB, b json.RawMessage) ZegoResponse {
	t.Helper()
	r := ZegoResponse{Body: b}
	decode(t, "ZEGO", b, &r.ZegoAnswer)
	return r
}

// ZegoItemError is one failed item of a ZEGO batch Action (ErrorList of
// UserRegister, AddFriends and DeleteFriends).
type ZegoItemError struct {
	UserID  string `json:"UserId"`
	SubCode int    `json:"SubCode"`
	// SubMessage is set by UserRegister only.
	SubMessage string `json:"SubMessage,omitempty"`
}
