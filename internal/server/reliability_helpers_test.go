package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
	"github.com/imemu/imemu/internal/timapi"
	"github.com/imemu/imemu/internal/zegoapi"
)

// This file holds what the stress and hostile-input tests share: a real
// server over a SQLite file, vendor URLs for --auth off, and checks that
// an answer is the vendor's envelope with a code from its codes table.

// The default fixtures' apps, by vendor.
var (
	relZegoKey = imemu.AppKey{Vendor: imemu.VendorZego, AppID: 1234567890}
	relTIMKey  = imemu.AppKey{Vendor: imemu.VendorTIM, AppID: 1400000000}
)

// relNow is the servers' fixed time.
var relNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// relEnv is a server with the default fixtures over a SQLite file in a
// temporary directory (WAL, synchronous=FULL: the --db configuration).
type relEnv struct {
	t   testing.TB
	url string
	st  *store.Store
	c   *http.Client
}

// newRelEnv starts the server with cfg; fixtures default to the built-in ones.
func newRelEnv(t testing.TB, cfg server.Config) *relEnv {
	t.Helper()
	clk := clock.Fixed(relNow)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "imemu.db"), clk)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	if cfg.Fixtures == nil {
		cfg.Fixtures = fixtures.Default()
	}
	require.NoError(t, st.ReplaceApps(context.Background(), cfg.Fixtures, nil))
	srv := httptest.NewServer(server.NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), cfg, st, clk))
	t.Cleanup(srv.Close)
	tr := &http.Transport{MaxIdleConns: 128, MaxIdleConnsPerHost: 128}
	t.Cleanup(tr.CloseIdleConnections)
	return &relEnv{t: t, url: srv.URL, st: st, c: &http.Client{Transport: tr}}
}

// relZegoQuery is the public parameters of a ZEGO request to the default
// app with --auth off: every parameter must be there, the signature is not
// checked.
func relZegoQuery(action string) url.Values {
	return url.Values{"Action": {action}, "AppId": {fmt.Sprint(relZegoKey.AppID)}, "SignatureNonce": {"0123456789abcdef"},
		"Timestamp": {fmt.Sprint(relNow.Unix())}, "SignatureVersion": {"2.0"}, "Signature": {"x"}}
}

// relTIMQuery is the common parameters of a TIM admin request to the
// default app with --auth off.
func relTIMQuery() url.Values {
	return url.Values{"sdkappid": {fmt.Sprint(relTIMKey.AppID)}, "identifier": {"administrator"},
		"usersig": {"x"}, "random": {"7"}, "contenttype": {"json"}}
}

// send makes one request and returns the HTTP status and body.
func (e *relEnv) send(method, rawURL, contentType string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(method, rawURL, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := e.c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return resp.StatusCode, raw, err
}

// export returns every app's state.
func (e *relEnv) export() []imemu.AppState {
	e.t.Helper()
	apps, err := e.st.ExportApps(context.Background(), nil)
	require.NoError(e.t, err)
	return apps
}

// zegoItem is an entry of a ZEGO ErrorList.
type zegoItem struct {
	UserID  string `json:"UserId"`
	SubCode int    `json:"SubCode"`
}

// zegoAnswer is what every ZEGO answer holds, with the ErrorList of the
// batch Actions.
type zegoAnswer struct {
	Code      *int       `json:"Code"`
	Message   *string    `json:"Message"`
	RequestID *string    `json:"RequestId"`
	ErrorList []zegoItem `json:"ErrorList"`
}

// timItem is an entry of a TIM ResultItem list: sns APIs name the account
// To_Account, account APIs UserID.
type timItem struct {
	ToAccount  string `json:"To_Account"`
	UserID     string `json:"UserID"`
	ResultCode *int   `json:"ResultCode"`
}

func (it timItem) account() string { return it.ToAccount + it.UserID }

// timAnswer is what every TIM answer holds, with the per-item lists.
type timAnswer struct {
	ActionStatus string    `json:"ActionStatus"`
	ErrorCode    *int      `json:"ErrorCode"`
	ErrorInfo    *string   `json:"ErrorInfo"`
	ResultItem   []timItem `json:"ResultItem"`
	FailAccounts []string  `json:"FailAccounts"`
}

// internalCodes are the codes that mean the server failed: a client must
// never see them unless a fault rule injected them.
var internalCodes = map[imemu.Vendor][]int{
	imemu.VendorZego: {zegoapi.CodeInternal, zegoapi.CodeBusiness},
	imemu.VendorTIM:  {timapi.CodeInternal},
}

// goErrorText are pieces of Go error strings that must not reach a client.
var goErrorText = []string{"json: ", "sql: ", "sqlite", "SQLITE_", "database is locked", "strconv.", "runtime error",
	"goroutine ", "panic", "http: ", "reflect", "invalid memory address",
	"signature: ", "base64: ", "zlib: ", "illegal base64",
	"invalid character", "key:value pair", "looking for beginning", "unexpected end of JSON", "invalid URL escape",
	"invalid semicolon", "i/o timeout", "unexpected EOF", "dial tcp", "connection refused"}

// hasGoError reports whether a Message or ErrorInfo holds Go error text.
func hasGoError(s string) bool {
	for _, g := range goErrorText {
		if strings.Contains(s, g) {
			return true
		}
	}
	return false
}

func zegoDocumented(code int) bool {
	for _, c := range zegoapi.Codes() {
		if c.Code == code {
			return true
		}
	}
	return false
}

// checkZego decodes a ZEGO answer and says what is wrong with it, "" when
// nothing: HTTP 200, the envelope complete, Code and every SubCode in the
// codes table and none internal, no Go error text in Message.
func checkZego(status int, raw []byte) (zegoAnswer, string) {
	var a zegoAnswer
	switch {
	case status != http.StatusOK:
		return a, fmt.Sprintf("HTTP %d: %.200s", status, raw)
	case json.Unmarshal(raw, &a) != nil:
		return a, fmt.Sprintf("not JSON: %.200s", raw)
	case a.Code == nil || a.Message == nil || a.RequestID == nil:
		return a, fmt.Sprintf("envelope incomplete: %.200s", raw)
	case !zegoDocumented(*a.Code) || slices.Contains(internalCodes[imemu.VendorZego], *a.Code):
		return a, fmt.Sprintf("code %d: %.300s", *a.Code, raw)
	case hasGoError(*a.Message):
		return a, fmt.Sprintf("Go error text in Message: %.300s", raw)
	}
	for _, it := range a.ErrorList {
		if !zegoDocumented(it.SubCode) || it.SubCode == 0 {
			return a, fmt.Sprintf("SubCode %d: %.300s", it.SubCode, raw)
		}
	}
	return a, ""
}

// checkTIM decodes a TIM answer and says what is wrong with it, "" when
// nothing: HTTP 200, the envelope complete, ActionStatus OK exactly when
// ErrorCode is 0, ErrorCode and every ResultCode in the codes table and
// none internal, no Go error text in ErrorInfo.
func checkTIM(status int, raw []byte) (timAnswer, string) {
	var a timAnswer
	switch {
	case status != http.StatusOK:
		return a, fmt.Sprintf("HTTP %d: %.200s", status, raw)
	case json.Unmarshal(raw, &a) != nil:
		return a, fmt.Sprintf("not JSON: %.200s", raw)
	case a.ErrorCode == nil || a.ErrorInfo == nil:
		return a, fmt.Sprintf("envelope incomplete: %.200s", raw)
	case (*a.ErrorCode == 0) != (a.ActionStatus == "OK") || (a.ActionStatus != "OK" && a.ActionStatus != "FAIL"):
		return a, fmt.Sprintf("ActionStatus %q with ErrorCode %d", a.ActionStatus, *a.ErrorCode)
	case !timapi.Documented(*a.ErrorCode) || slices.Contains(internalCodes[imemu.VendorTIM], *a.ErrorCode):
		return a, fmt.Sprintf("code %d: %.300s", *a.ErrorCode, raw)
	case hasGoError(*a.ErrorInfo):
		return a, fmt.Sprintf("Go error text in ErrorInfo: %.300s", raw)
	}
	for _, it := range a.ResultItem {
		if it.ResultCode == nil || !timapi.Documented(*it.ResultCode) || slices.Contains(internalCodes[imemu.VendorTIM], *it.ResultCode) {
			return a, fmt.Sprintf("ResultItem: %.300s", raw)
		}
	}
	return a, ""
}

// appOf returns the state of the app with key k.
func appOf(apps []imemu.AppState, k imemu.AppKey) imemu.AppState {
	for _, a := range apps {
		if a.Tenant.Key() == k {
			return a
		}
	}
	return imemu.AppState{}
}

// danglingEdges lists the edges of app that touch a user it does not have,
// or join a user to itself.
func danglingEdges(app imemu.AppState) []string {
	users := map[string]bool{}
	for _, u := range app.Users {
		users[u.ID] = true
	}
	var out []string
	for _, f := range app.Friends {
		if !users[f.Owner] || !users[f.ID] || f.Owner == f.ID {
			out = append(out, fmt.Sprintf("%s: %q → %q", app.Tenant.Vendor, f.Owner, f.ID))
		}
	}
	return out
}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// jsonStrings writes ids as a JSON array of strings.
func jsonStrings(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = jsonString(id)
	}
	return "[" + strings.Join(q, ",") + "]"
}
