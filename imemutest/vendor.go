package imemutest

import (
	"bytes"
	crand "crypto/rand"
	"encoding/json"
	"io"
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

// Post calls a ZEGO POST Action (AddFriends, DeleteFriends,
// CheckFriendsRelation, UserRegister) with body as JSON and returns the
// decoded answer, whatever its Code.
func (a *ZegoApp) Post(t TB, action string, body any) map[string]any {
	t.Helper()
	return a.srv.vendorCall(t, http.MethodPost, a.URL(action), body)
}

// Get calls a ZEGO GET Action (QueryFriendList, DeleteAllFriends) with its
// parameters in the query and returns the decoded answer.
func (a *ZegoApp) Get(t TB, action string, params url.Values) map[string]any {
	t.Helper()
	return a.srv.vendorCall(t, http.MethodGet, a.URL(action, params), nil)
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

// Post calls a TIM REST API with body as JSON and returns the decoded
// answer, whatever its ErrorCode.
func (a *TIMApp) Post(t TB, api string, body any) map[string]any {
	t.Helper()
	return a.srv.vendorCall(t, http.MethodPost, a.URL(api), body)
}

// vendorCall sends a vendor request and decodes its JSON answer.
func (s *Server) vendorCall(t TB, method, u string, body any) map[string]any {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("imemutest: encoding the body: %v", err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u, r)
	if err != nil {
		t.Fatalf("imemutest: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatalf("imemutest: %s %s: %v", method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("imemutest: %s %s: HTTP %d, answer is not JSON: %v", method, req.URL.Path, resp.StatusCode, err)
	}
	return out
}
