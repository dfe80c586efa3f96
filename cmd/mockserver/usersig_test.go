package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/signature"
	"github.com/imemu/imemu/internal/store"
)

// officialUserSig is tim-facts.md §1.6's UserSig from Tencent's official Go
// library: app 1400000000, the default key, administrator, 86400 s from
// 1700000000.
const officialUserSig = "eAEArwBQ-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoiYWRtaW5pc3RyYXRvciIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6ODY0MDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMuc2lnIjoieUxBZSt3N1dVZVV1cWJWOWgvVFg3OHUyMW9UR2kraTlacDF1M1Bwblk2MD0ifQoBAAD---AkM5w_"

func runUserSigCmd(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err := run(context.Background(), append([]string{"mockserver", "usersig"}, args...), getenv, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func TestUserSigMatchesOfficialLibrary(t *testing.T) {
	for _, args := range [][]string{
		{"--time", "1700000000"}, // the defaults are the default fixtures' TIM app
		{"--sdkappid", "1400000000", "--key", "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
			"--identifier", "administrator", "--expire", "86400", "--time", "1700000000"},
	} {
		out, _, err := runUserSigCmd(t, nil, args...)
		require.NoError(t, err)
		assert.Equal(t, officialUserSig+"\n", out, "args %v", args)
	}
}

func TestUserSigFlagsAndEnv(t *testing.T) {
	out, _, err := runUserSigCmd(t, map[string]string{"MOCKSERVER_USERSIG_IDENTIFIER": "alice", "MOCKSERVER_USERSIG_EXPIRE": "60"},
		"--sdkappid", "1400000001", "--key", "k", "--time", "1700000000")
	require.NoError(t, err)
	sig, err := signature.CheckUserSig(strings.TrimSpace(out), "k", 1400000001, "alice", 1700000060)
	require.NoError(t, err)
	assert.EqualValues(t, 60, sig.Expire)
	_, err = signature.CheckUserSig(strings.TrimSpace(out), "k", 1400000001, "alice", 1700000061)
	assert.ErrorIs(t, err, signature.ErrExpired)
}

func TestUserSigBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"--sdkappid", "0"},
		{"--sdkappid", "-1"},
		{"--key", ""},
		{"--identifier", "has space"},
		{"--identifier", ""},
		{"--expire", "0"},
		{"--time", "-5"},
		{"extra"},
		{"--nope"},
	} {
		_, _, err := runUserSigCmd(t, nil, args...)
		var ee *exitError
		require.True(t, errors.As(err, &ee), "args %v: %v", args, err)
		assert.Equal(t, 2, ee.code, "args %v", args)
	}
	_, _, err := runUserSigCmd(t, nil, "--help")
	assert.NoError(t, err)
}

// TestUserSigAcceptedByServer: what `mockserver usersig` prints, issued now,
// authenticates a REST call against the default fixtures.
func TestUserSigAcceptedByServer(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1800000000, 0)
	clk := clock.Fixed(now)
	st, err := store.Open(ctx, store.Memory, clk)
	require.NoError(t, err)
	defer st.Close()
	require.NoError(t, st.ReplaceApps(ctx, fixtures.Default(), nil))
	h := server.NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{Fixtures: fixtures.Default()}, st, clk)

	out, _, err := runUserSigCmd(t, nil, "--time", "1800000000")
	require.NoError(t, err)
	q := url.Values{"sdkappid": {"1400000000"}, "identifier": {"administrator"}, "usersig": {strings.TrimSpace(out)},
		"random": {"1"}, "contenttype": {"json"}}
	req := httptest.NewRequest(http.MethodPost, "/v4/sns/friend_delete?"+q.Encode(),
		strings.NewReader(`{"From_Account":"alice","To_Account":["bob"]}`))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	assert.JSONEq(t, `{"ResultItem":[{"To_Account":"bob","ResultCode":0,"ResultInfo":""}],
		"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"0","ErrorDisplay":""}`, w.Body.String())
}
