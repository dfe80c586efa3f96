package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/signature"
)

// The default fixtures' ZEGO app (DESIGN.md).
const (
	zegoAppID  = "1234567890"
	zegoSecret = "0123456789abcdef0123456789abcdef"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestSignZego(t *testing.T) {
	fixed := []string{"--timestamp", "1700000000", "--nonce", "abcdef0123456789"}
	sig := signature.ZegoSign(1234567890, "abcdef0123456789", zegoSecret, 1700000000)
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{
			name: "flags",
			args: append([]string{"--app-id", zegoAppID, "--secret", zegoSecret, "--action", "DeleteFriends"}, fixed...),
			want: "http://127.0.0.1:8080/?Action=DeleteFriends&AppId=1234567890&Signature=" + sig +
				"&SignatureNonce=abcdef0123456789&SignatureVersion=2.0&Timestamp=1700000000",
		},
		{
			name: "environment, the listen address dialled on loopback",
			args: fixed,
			env: map[string]string{"MOCKSERVER_APP_ID": zegoAppID, "MOCKSERVER_SECRET": zegoSecret,
				"MOCKSERVER_ACTION": "QueryFriendList", "MOCKSERVER_ADDR": "0.0.0.0:9000"},
			want: "http://127.0.0.1:9000/?Action=QueryFriendList&AppId=1234567890&Signature=" + sig +
				"&SignatureNonce=abcdef0123456789&SignatureVersion=2.0&Timestamp=1700000000",
		},
		{
			name: "flag beats environment; base URL keeps its path and query",
			args: append([]string{"--action", "DeleteAllFriends", "--base-url", "https://imemu.test/zim?FromUserId=alice"}, fixed...),
			env:  map[string]string{"MOCKSERVER_APP_ID": zegoAppID, "MOCKSERVER_SECRET": zegoSecret, "MOCKSERVER_ACTION": "DeleteFriends"},
			want: "https://imemu.test/zim?Action=DeleteAllFriends&AppId=1234567890&FromUserId=alice&Signature=" + sig +
				"&SignatureNonce=abcdef0123456789&SignatureVersion=2.0&Timestamp=1700000000",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append([]string{"mockserver", "sign", "zego"}, tc.args...), env(tc.env), &stdout, &stderr)
			require.NoError(t, err, stderr.String())
			assert.Equal(t, tc.want+"\n", stdout.String())
		})
	}
}

func TestSignZegoDefaultsToNowAndRandomNonce(t *testing.T) {
	args := []string{"mockserver", "sign", "zego", "--app-id", zegoAppID, "--secret", zegoSecret, "--action", "DeleteFriends"}
	var a, b bytes.Buffer
	require.NoError(t, run(context.Background(), args, env(nil), &a, io.Discard))
	require.NoError(t, run(context.Background(), args, env(nil), &b, io.Discard))
	ua, err := url.Parse(strings.TrimSpace(a.String()))
	require.NoError(t, err)
	q := ua.Query()
	assert.Regexp(t, `^[0-9a-f]{16}$`, q.Get("SignatureNonce"))
	assert.Regexp(t, `^[0-9]{10}$`, q.Get("Timestamp"))
	assert.NotEqual(t, a.String(), b.String(), "a fresh nonce each time")
}

func TestSignUsageErrors(t *testing.T) {
	ok := []string{"--app-id", zegoAppID, "--secret", zegoSecret, "--action", "DeleteFriends"}
	for name, args := range map[string][]string{
		"no vendor":        {},
		"tim":              {"tim"},
		"app id missing":   {"zego", "--secret", zegoSecret, "--action", "DeleteFriends"},
		"app id not uint":  {"zego", "--app-id", "4294967296", "--secret", zegoSecret, "--action", "DeleteFriends"},
		"app id zero":      {"zego", "--app-id", "0", "--secret", zegoSecret, "--action", "DeleteFriends"},
		"secret missing":   {"zego", "--app-id", zegoAppID, "--action", "DeleteFriends"},
		"action missing":   {"zego", "--app-id", zegoAppID, "--secret", zegoSecret},
		"bad addr":         append([]string{"zego", "--addr", "nohost"}, ok...),
		"bad base URL":     append([]string{"zego", "--base-url", "ftp://x/"}, ok...),
		"unknown flag":     append([]string{"zego", "--app", "1"}, ok...),
		"stray argument":   append([]string{"zego", "extra"}, ok...),
		"bad env variable": {"zego", "--app-id", zegoAppID, "--secret", zegoSecret, "--action", "DeleteFriends"},
	} {
		t.Run(name, func(t *testing.T) {
			vars := map[string]string{}
			if name == "bad env variable" {
				vars["MOCKSERVER_TIMESTAMP"] = "soon"
			}
			var stdout bytes.Buffer
			err := run(context.Background(), append([]string{"mockserver", "sign"}, args...), env(vars), &stdout, io.Discard)
			var ee *exitError
			require.True(t, errors.As(err, &ee), "want a usage error, got %v", err)
			assert.Equal(t, 2, ee.code)
			assert.Empty(t, stdout.String())
		})
	}
}

// TestSignedURLAgainstServer is the README's curl: start mockserver with
// its defaults (but a free port), sign a DeleteFriends URL with the
// default app's secret and delete a default friend.
func TestSignedURLAgainstServer(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"mockserver", "--addr", "127.0.0.1:0"}, env(nil), pw, io.Discard)
		pw.Close()
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(15 * time.Second):
			t.Error("mockserver did not shut down")
		}
	})
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(pr).ReadString('\n')
		lines <- line
		_, _ = io.Copy(io.Discard, pr)
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(10 * time.Second):
		t.Fatal("mockserver did not start")
	}
	fields := strings.Fields(line)
	require.Greater(t, len(fields), 3, "unexpected start line %q", line)
	addr := strings.TrimPrefix(fields[3], "http://")

	sign := func(action string) string {
		var out bytes.Buffer
		require.NoError(t, run(ctx, []string{"mockserver", "sign", "zego", "--app-id", zegoAppID, "--secret", zegoSecret,
			"--action", action, "--addr", addr}, env(nil), &out, io.Discard))
		return strings.TrimSpace(out.String())
	}
	call := func(method, u, body string) map[string]any {
		req, err := http.NewRequestWithContext(ctx, method, u, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var m map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
		return m
	}

	got := call(http.MethodPost, sign("DeleteFriends"), `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":1}`)
	assert.Equal(t, float64(0), got["Code"], got)
	assert.Equal(t, []any{}, got["ErrorList"])
	list := call(http.MethodGet, sign("QueryFriendList")+"&FromUserId=alice&Limit=10&Next=0", "")
	assert.Equal(t, float64(2), list["TotalCount"], list)
}
