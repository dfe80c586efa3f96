// Command imemu-example is a backend's view of imemu: it signs ZEGO and TIM
// server API requests the way a backend does (no imemu code: the signing is
// written here from the vendors' documentation), deletes a friend on each
// vendor, checks the result through the vendor API, waits for the
// notification imemu captured, and resets the server.
//
//	IMEMU_URL=http://127.0.0.1:8080 go run .
package main

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// The default fixtures' ZEGO app.
const (
	zegoAppID  = 1234567890
	zegoSecret = "0123456789abcdef0123456789abcdef"
)

func main() {
	log.SetFlags(0)
	base := strings.TrimRight(os.Getenv("IMEMU_URL"), "/")
	if base == "" {
		base = "http://127.0.0.1:8080"
	}
	c := &client{base: base, http: &http.Client{Timeout: 10 * time.Second}}
	zego(c)
	tim(c)
	var reset struct{ Reset []string }
	c.do("POST", "/_mock/reset", nil, &reset)
	log.Printf("reset: %v", reset.Reset)
	if !listsBob(c) {
		log.Fatal("after the reset alice should list bob again")
	}
	log.Print("go example: all steps passed")
}

// zegoURL signs an Action with ZEGO server API signature v2.0:
// Signature = hex(md5(AppId + SignatureNonce + ServerSecret + Timestamp)).
func zegoURL(action string, extra url.Values) string {
	nonce := make([]byte, 8)
	if _, err := rand.Read(nonce); err != nil {
		log.Fatal(err)
	}
	n := hex.EncodeToString(nonce)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sum := md5.Sum([]byte(strconv.Itoa(zegoAppID) + n + zegoSecret + ts))
	q := url.Values{
		"Action": {action}, "AppId": {strconv.Itoa(zegoAppID)}, "SignatureNonce": {n},
		"Timestamp": {ts}, "SignatureVersion": {"2.0"}, "Signature": {hex.EncodeToString(sum[:])},
	}
	for k, v := range extra {
		q[k] = v
	}
	return "/?" + q.Encode()
}

func zego(c *client) {
	after := c.lastEventID("zego", zegoAppID)
	var del struct {
		Code    int
		Message string
	}
	c.do("POST", zegoURL("DeleteFriends", nil), map[string]any{"FromUserId": "alice", "UserIds": []string{"bob"}, "DeleteType": 0}, &del)
	if del.Code != 0 {
		log.Fatalf("ZEGO DeleteFriends: Code %d %s", del.Code, del.Message)
	}
	log.Print("ZEGO DeleteFriends alice -> bob (two-way): Code 0")
	if listsBob(c) {
		log.Fatal("ZEGO QueryFriendList: alice still lists bob")
	}
	log.Print("ZEGO QueryFriendList: alice no longer lists bob")
	ev := c.waitEvent("zego.friendListChanged", "zego", zegoAppID, after)
	log.Printf("event %s for %s: %s", ev.Kind, ev.Target, ev.Payload)
}

func listsBob(c *client) bool {
	var page struct {
		Code        int
		FriendInfos []struct{ UserId string }
	}
	c.do("GET", zegoURL("QueryFriendList", url.Values{"FromUserId": {"alice"}}), nil, &page)
	if page.Code != 0 {
		log.Fatalf("ZEGO QueryFriendList: Code %d", page.Code)
	}
	for _, f := range page.FriendInfos {
		if f.UserId == "bob" {
			return true
		}
	}
	return false
}

// userSig makes a TIM UserSig (TLSSigAPIv2): an HMAC-SHA256 over the
// identifier, SDKAppID, time and expiry, in JSON, zlib-compressed, in
// base64 with + / = replaced by * - _.
func userSig(sdkAppID uint64, key, identifier string, expire int64) string {
	now := time.Now().Unix()
	content := fmt.Sprintf("TLS.identifier:%s\nTLS.sdkappid:%d\nTLS.time:%d\nTLS.expire:%d\n", identifier, sdkAppID, now, expire)
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(content))
	doc, _ := json.Marshal(map[string]any{
		"TLS.ver": "2.0", "TLS.identifier": identifier, "TLS.sdkappid": sdkAppID,
		"TLS.expire": expire, "TLS.time": now, "TLS.sig": base64.StdEncoding.EncodeToString(mac.Sum(nil)),
	})
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(doc)
	w.Close()
	return strings.NewReplacer("+", "*", "/", "-", "=", "_").Replace(base64.StdEncoding.EncodeToString(z.Bytes()))
}

func tim(c *client) {
	// The backend's callback endpoint, which TIM calls after a friend_delete.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	got := make(chan string, 1)
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		select {
		case got <- r.URL.Query().Get("CallbackCommand") + " " + string(body):
		default:
		}
		io.WriteString(w, `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
	}))
	defer ln.Close()

	// A TIM app of this run's own, with that callback URL.
	var app struct {
		AppID  uint64
		Secret string
		Admin  string
	}
	c.do("POST", "/_mock/apps", map[string]any{
		"vendor": "tim", "users": []string{"alice", "bob"},
		"friends":     []map[string]string{{"from": "alice", "to": "bob"}}, // two-way unless "oneWay"
		"callbackUrl": "http://" + ln.Addr().String() + "/im",
	}, &app)
	log.Printf("TIM app %d created (admin %s)", app.AppID, app.Admin)
	sig := userSig(app.AppID, app.Secret, app.Admin, 86400)
	rest := func(api string) string {
		q := url.Values{"sdkappid": {strconv.FormatUint(app.AppID, 10)}, "identifier": {app.Admin},
			"usersig": {sig}, "random": {strconv.FormatUint(uint64(time.Now().UnixNano()%4294967295), 10)}, "contenttype": {"json"}}
		return "/v4/" + api + "?" + q.Encode()
	}

	var del struct {
		ActionStatus string
		ErrorCode    int
		ResultItem   []struct{ ResultCode int }
	}
	c.do("POST", rest("sns/friend_delete"), map[string]any{"From_Account": "alice", "To_Account": []string{"bob"}, "DeleteType": "Delete_Type_Both"}, &del)
	if del.ErrorCode != 0 || len(del.ResultItem) != 1 || del.ResultItem[0].ResultCode != 0 {
		log.Fatalf("TIM friend_delete: %+v", del)
	}
	log.Print("TIM friend_delete alice -> bob (Delete_Type_Both): ErrorCode 0")
	var check struct {
		ErrorCode int
		InfoItem  []struct{ Relation string }
	}
	c.do("POST", rest("sns/friend_check"), map[string]any{"From_Account": "alice", "To_Account": []string{"bob"}, "CheckType": "CheckResult_Type_Both"}, &check)
	if check.ErrorCode != 0 || len(check.InfoItem) != 1 || check.InfoItem[0].Relation != "CheckResult_Type_NoRelation" {
		log.Fatalf("TIM friend_check: %+v", check)
	}
	log.Print("TIM friend_check: CheckResult_Type_NoRelation")
	ev := c.waitEvent("tim.callback", "tim", app.AppID, 0)
	if !strings.HasPrefix(ev.Outcome, "delivered") {
		log.Fatalf("TIM callback: %s", ev.Outcome)
	}
	select {
	case cb := <-got:
		log.Printf("callback received: %s", cb)
	case <-time.After(5 * time.Second):
		log.Fatal("the callback endpoint got nothing")
	}
	log.Printf("event %s: %s", ev.Kind, ev.Outcome)
}

type event struct {
	ID      int64
	Kind    string
	Target  string
	Outcome string
	Payload json.RawMessage
}

// client calls imemu: the vendor APIs and the control plane under /_mock/.
type client struct {
	base string
	http *http.Client
}

func (c *client) do(method, path string, in, out any) {
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		log.Fatal(err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		log.Fatalf("%s %s: %s %s", method, strings.SplitN(path, "?", 2)[0], resp.Status, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		log.Fatalf("%s %s: %v: %s", method, path, err, b)
	}
}

// lastEventID is the newest captured event's id for the app (0 if none), so
// that a wait sees only what happens after it.
func (c *client) lastEventID(vendor string, app uint64) int64 {
	var r struct{ Events []event }
	c.do("GET", fmt.Sprintf("/_mock/events?vendor=%s&app=%d", vendor, app), nil, &r)
	if len(r.Events) == 0 {
		return 0
	}
	return r.Events[len(r.Events)-1].ID
}

// waitEvent long-polls the event feed instead of sleeping.
func (c *client) waitEvent(kind, vendor string, app uint64, after int64) event {
	var r struct{ Events []event }
	c.do("GET", fmt.Sprintf("/_mock/events?kind=%s&vendor=%s&app=%d&after=%d&wait=5s", kind, vendor, app, after), nil, &r)
	if len(r.Events) == 0 {
		log.Fatalf("no %s event within 5s", kind)
	}
	return r.Events[0]
}
