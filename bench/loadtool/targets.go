package main

import (
	"bufio"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	mathrand "math/rand/v2"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/signature"
	"github.com/imemu/imemu/internal/zegoapi"
)

// target is one request in vegeta's JSON target format.
type target struct {
	Method string              `json:"method"`
	URL    string              `json:"url"`
	Body   []byte              `json:"body,omitempty"`
	Header map[string][]string `json:"header,omitempty"`
}

// The request mixes a targets file can hold.
var kinds = map[string]func(g *signer, s shape) []target{
	// Writes: every pair (u2i, u2i+1) is deleted two-way, then, a whole
	// cycle of deletes later, added back, so each request changes the
	// graph and the answer is Code 0.
	"zego-write": func(g *signer, s shape) []target {
		var dels, adds []target
		for _, p := range pairs(s) {
			dels = append(dels, g.zego("DeleteFriends", nil, fmt.Sprintf(`{"FromUserId":%q,"UserIds":[%q],"DeleteType":0}`, p[0], p[1])))
			adds = append(adds, g.zego("AddFriends", nil, fmt.Sprintf(`{"FromUserId":%q,"FriendInfos":[{"UserId":%q}]}`, p[0], p[1])))
		}
		return append(dels, adds...)
	},
	"tim-write": func(g *signer, s shape) []target {
		var dels, adds []target
		for _, p := range pairs(s) {
			dels = append(dels, g.tim("sns/friend_delete", fmt.Sprintf(`{"From_Account":%q,"To_Account":[%q],"DeleteType":"Delete_Type_Both"}`, p[0], p[1])))
			adds = append(adds, g.tim("sns/friend_add", fmt.Sprintf(`{"From_Account":%q,"AddFriendItem":[{"To_Account":%q,"AddSource":"AddSource_Type_Bench"}],"AddType":"Add_Type_Both","ForceAddFlags":1}`, p[0], p[1])))
		}
		return append(dels, adds...)
	},
	// Reads: every ring user's first page, and a two-way check of five
	// of its ring neighbours.
	"zego-read": func(g *signer, s shape) []target {
		var out []target
		for i := range s.ring {
			out = append(out, g.zego("QueryFriendList", url.Values{"FromUserId": {userID(i)}, "Limit": {"100"}, "Next": {"0"}}, ""))
		}
		return out
	},
	"tim-read": func(g *signer, s shape) []target {
		var out []target
		for i := range s.ring {
			ids := make([]string, 5)
			for d := range ids {
				ids[d] = strconv.Quote(userID((i + d + 1) % s.ring))
			}
			out = append(out, g.tim("sns/friend_check", fmt.Sprintf(`{"From_Account":%q,"To_Account":[%s],"CheckType":"CheckResult_Type_Both"}`,
				userID(i), strings.Join(ids, ","))))
		}
		return out
	},
	// Delete-all of a hub's 10,000 friends: one request each, hubA
	// two-way (20,000 edges go), hubB one-way (10,000).
	"zego-deleteall": func(g *signer, s shape) []target {
		return []target{g.zego("DeleteAllFriends", url.Values{"FromUserId": {hubTwoWay}, "DeleteType": {"0"}}, "")}
	},
	"tim-deleteall": func(g *signer, s shape) []target {
		return []target{g.tim("sns/friend_delete_all", fmt.Sprintf(`{"From_Account":%q,"DeleteType":"Delete_Type_Both"}`, hubTwoWay))}
	},
	"zego-deleteall-oneway": func(g *signer, s shape) []target {
		return []target{g.zego("DeleteAllFriends", url.Values{"FromUserId": {hubOneWay}, "DeleteType": {"1"}}, "")}
	},
	"tim-deleteall-oneway": func(g *signer, s shape) []target {
		return []target{g.tim("sns/friend_delete_all", fmt.Sprintf(`{"From_Account":%q,"DeleteType":"Delete_Type_Single"}`, hubOneWay))}
	},
}

// pairs are the ring's disjoint neighbour pairs (u2i, u2i+1).
func pairs(s shape) [][2]string {
	out := make([][2]string, 0, s.ring/2)
	for i := 0; i+1 < s.ring; i += 2 {
		out = append(out, [2]string{userID(i), userID(i + 1)})
	}
	return out
}

// signer signs requests for the built-in apps, against one server.
type signer struct {
	base    string
	now     time.Time
	zegoApp imemu.Tenant
	timApp  imemu.Tenant
	userSig string
}

func newSigner(base string, now time.Time) (*signer, error) {
	g := &signer{base: strings.TrimSuffix(base, "/"), now: now}
	for _, app := range fixtures.Default() {
		switch app.Tenant.Vendor {
		case imemu.VendorZego:
			g.zegoApp = app.Tenant
		case imemu.VendorTIM:
			g.timApp = app.Tenant
		}
	}
	var err error
	g.userSig, err = signature.GenUserSig(g.timApp.AppID, g.timApp.Secret, g.timApp.Admin, 86400, now.Unix())
	return g, err
}

// zego returns a request signed with a fresh nonce: POST with body, or
// GET with extra query parameters when body is empty.
func (g *signer) zego(action string, extra url.Values, body string) target {
	nonce, err := signature.ZegoNonce(rand.Reader)
	if err != nil {
		panic(err)
	}
	ts := g.now.Unix()
	app := uint32(g.zegoApp.AppID)
	q := url.Values{
		"Action": {action}, "AppId": {strconv.FormatUint(uint64(app), 10)}, "SignatureNonce": {nonce},
		"Timestamp": {strconv.FormatInt(ts, 10)}, "SignatureVersion": {zegoapi.SignatureVersion},
		"Signature": {signature.ZegoSign(app, nonce, g.zegoApp.Secret, ts)},
	}
	for k, v := range extra {
		q[k] = v
	}
	t := target{Method: "GET", URL: g.base + "/?" + q.Encode()}
	if body != "" {
		t.Method, t.Body = "POST", []byte(body)
		t.Header = map[string][]string{"Content-Type": {"application/json"}}
	}
	return t
}

// tim returns a POST of api signed with the admin's UserSig.
func (g *signer) tim(api, body string) target {
	q := url.Values{
		"sdkappid": {strconv.FormatUint(g.timApp.AppID, 10)}, "identifier": {g.timApp.Admin},
		"usersig": {g.userSig}, "random": {strconv.FormatUint(uint64(mathrand.Uint32()), 10)}, "contenttype": {"json"},
	}
	return target{Method: "POST", URL: g.base + "/v4/" + api + "?" + q.Encode(), Body: []byte(body),
		Header: map[string][]string{"Content-Type": {"application/json"}}}
}

// runTargets writes a vegeta targets file (-format=json) of one mix.
func runTargets(args []string, stdout io.Writer) error {
	var (
		s          shape
		kind, base string
		out        string
	)
	fs := flag.NewFlagSet("targets", flag.ContinueOnError)
	s.flags(fs)
	fs.StringVar(&kind, "kind", "", "zego-write, tim-write, zego-read, tim-read, {zego,tim}-deleteall[-oneway]")
	fs.StringVar(&base, "base", "", "server base URL, e.g. http://127.0.0.1:18080")
	fs.StringVar(&out, "out", "", "targets file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	gen, ok := kinds[kind]
	if !ok {
		return fmt.Errorf("-kind %q is none of the mixes", kind)
	}
	g, err := newSigner(base, time.Now())
	if err != nil {
		return err
	}
	ts := gen(g, s)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, t := range ts {
		if err := enc.Encode(t); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	fmt.Fprintf(stdout, "targets: %s, %d %s requests\n", out, len(ts), kind)
	return f.Close()
}
