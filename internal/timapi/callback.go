package timapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/events"
	"github.com/imemu/imemu/internal/explain"
	"github.com/imemu/imemu/internal/redact"
)

// Callback commands imemu sends.
const (
	cmdFriendDelete     = "Sns.CallbackFriendDelete"
	cmdFriendAdd        = "Sns.CallbackFriendAdd"
	cmdBlackListAdd     = "Sns.CallbackBlackListAdd"
	cmdBlackListDelete  = "Sns.CallbackBlackListDelete"
	cmdRequestOverLimit = "Alert.RequestOverLimit"
)

// optPlatformREST is the OptPlatform of operations made through the REST
// API (UNCONFIRMED: the callback overview's value list was not retrieved).
const optPlatformREST = "RESTAPI"

// Outcome prefixes of callback events: "delivered: HTTP 200" when the app
// answered 2xx, "failed: …" when it did not or could not be reached,
// "dropped: …" when the server was already stopping.
const (
	outcomeDelivered = "delivered"
	outcomeFailed    = "failed"
	outcomeDropped   = "dropped"
)

type callbackPair struct {
	FromAccount string `json:"From_Account"`
	ToAccount   string `json:"To_Account"`
}

// friendDeleteCallback is Sns.CallbackFriendDelete's body: one pair per
// removed direction, To_Account having left From_Account's list.
type friendDeleteCallback struct {
	CallbackCommand string
	PairList        []callbackPair
}

// callbackReply is what the app backend answers; only ErrorCode matters.
type callbackReply struct {
	ErrorCode *int
}

// friendAddCallback is Sns.CallbackFriendAdd's body: one pair per created
// edge, To_Account having joined From_Account's list at Initiator_Account's
// request.
type friendAddCallback struct {
	CallbackCommand string
	PairList        []friendAddPair
	ClientCmd       string
	AdminAccount    string `json:"Admin_Account"`
	ForceFlag       int
}

type friendAddPair struct {
	FromAccount      string `json:"From_Account"`
	ToAccount        string `json:"To_Account"`
	InitiatorAccount string `json:"Initiator_Account"`
}

// callbackFriendAdd posts Sns.CallbackFriendAdd for the edges a friend_add
// created: ClientCmd friend_add, Admin_Account the app admin (the REST API
// is the admin's).
func (d *Deps) callbackFriendAdd(c *call, initiator string, created []imemu.Edge, forced bool) {
	body := friendAddCallback{CallbackCommand: cmdFriendAdd, PairList: make([]friendAddPair, len(created)),
		ClientCmd: "friend_add", AdminAccount: c.tenant.Admin}
	if forced {
		body.ForceFlag = 1
	}
	for i, e := range created {
		body.PairList[i] = friendAddPair{FromAccount: e.Owner, ToAccount: e.Friend, InitiatorAccount: initiator}
	}
	d.sendCallback(c, cmdFriendAdd, body)
}

// blackListCallback is the body of Sns.CallbackBlackListAdd and
// Sns.CallbackBlackListDelete: one pair per block made or lifted,
// To_Account put in (taken out of) From_Account's blocklist.
type blackListCallback struct {
	CallbackCommand string
	PairList        []callbackPair
}

// callbackBlackList posts command for the blocks owner made or lifted.
func (d *Deps) callbackBlackList(c *call, command, owner string, targets []string) {
	body := blackListCallback{CallbackCommand: command, PairList: make([]callbackPair, len(targets))}
	for i, t := range targets {
		body.PairList[i] = callbackPair{FromAccount: owner, ToAccount: t}
	}
	d.sendCallback(c, command, body)
}

// callbackFriendDelete posts Sns.CallbackFriendDelete for the removed edges.
func (d *Deps) callbackFriendDelete(c *call, removed []imemu.Edge) {
	body := friendDeleteCallback{CallbackCommand: cmdFriendDelete, PairList: make([]callbackPair, len(removed))}
	for i, e := range removed {
		body.PairList[i] = callbackPair{FromAccount: e.Owner, ToAccount: e.Friend}
	}
	d.sendCallback(c, cmdFriendDelete, body)
}

// sendCallback posts command's body to the app's callback URL in the
// background: the API answer never waits for it and never depends on it.
// One attempt, no retry. An app without a callback URL gets nothing.
func (d *Deps) sendCallback(c *call, command string, body any) {
	if c.tenant.CallbackURL == "" {
		return
	}
	payload := events.MustJSON(body)
	target := callbackURL(c.tenant.CallbackURL, c.tenant.AppID, command, c.clientIP, callbackSign(c.tenant.Settings.CallbackToken, c.now.Unix()))
	// The event shows where the callback went, without the credentials
	// the URL may carry.
	ev := events.Event{Kind: events.KindTIMCallback, Vendor: imemu.VendorTIM, AppID: c.tenant.AppID, Payload: payload, Target: redact.URL(target)}
	ctx, client, ok := d.startDelivery()
	if !ok {
		ev.Time, ev.Outcome = d.Clock.Now(), outcomeDropped+": server shutting down"
		d.publish(ev)
		return
	}
	go func() {
		defer d.pending.Done()
		ev.Outcome = d.deliver(ctx, client, target, payload)
		ev.Time = d.Clock.Now()
		d.publish(ev)
	}()
}

// deliver makes one POST and describes how it went.
func (d *Deps) deliver(ctx context.Context, client *http.Client, target string, payload []byte) string {
	timeout := d.callbackTimeout()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(payload))
	if err != nil {
		return outcomeFailed + ": the callback URL is not a valid http(s) URL"
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		switch {
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			return fmt.Sprintf("%s: timed out after %s", outcomeFailed, timeout)
		case ctx.Err() != nil:
			return outcomeFailed + ": server shutting down"
		}
		return outcomeFailed + ": " + explain.Delivery(err)
	}
	defer resp.Body.Close()
	reply, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Sprintf("%s: HTTP %d", outcomeFailed, resp.StatusCode)
	}
	out := fmt.Sprintf("%s: HTTP %d", outcomeDelivered, resp.StatusCode)
	var r callbackReply
	if json.Unmarshal(reply, &r) == nil && r.ErrorCode != nil && *r.ErrorCode != 0 {
		out += fmt.Sprintf(", app answered ErrorCode %d", *r.ErrorCode)
	}
	return out
}

// callbackSign returns TIM's optional callback signature parameters for an
// app with a callback token, "" without one: Sign = hex(sha256(token +
// RequestTime)), RequestTime in Unix seconds (third-party callback
// overview; lowercase hex is imemu's choice).
func callbackSign(token string, requestTime int64) string {
	if token == "" {
		return ""
	}
	rt := strconv.FormatInt(requestTime, 10)
	sum := sha256.Sum256([]byte(token + rt))
	return "&Sign=" + hex.EncodeToString(sum[:]) + "&RequestTime=" + rt
}

// callbackURL appends TIM's callback query string to base, after any query
// base already has, in the documented order, then sign (callbackSign).
func callbackURL(base string, appID uint64, command, clientIP, sign string) string {
	q := "SdkAppid=" + strconv.FormatUint(appID, 10) +
		"&CallbackCommand=" + url.QueryEscape(command) +
		"&contenttype=json" +
		"&ClientIP=" + url.QueryEscape(clientIP) +
		"&OptPlatform=" + optPlatformREST + sign
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	if u.RawQuery != "" {
		u.RawQuery += "&" + q
	} else {
		u.RawQuery = q
	}
	return u.String()
}
