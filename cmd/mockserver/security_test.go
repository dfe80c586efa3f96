package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/signature"
)

// The default fixtures' credentials.
const (
	fixtureZegoSecret = "0123456789abcdef0123456789abcdef"
	fixtureTIMKey     = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
)

// serveRun runs run() with args on a free port, its log going to logs, and
// returns the base URL; the server stops when the test ends.
func serveRun(t *testing.T, logs io.Writer, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"mockserver", "--addr", "127.0.0.1:0"}, args...), func(string) string { return "" }, pw, logs)
		pw.CloseWithError(errors.New("run returned"))
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(15 * time.Second):
			t.Error("run did not return")
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	m := listenLine.FindStringSubmatch(line)
	require.NotNil(t, m, line)
	return m[1]
}

// TestSlowLorisHeadersAreCut opens connections that send a request line
// and then trickle header lines forever: the server's ReadHeaderTimeout
// (5 s) must close each, and it must keep serving others meanwhile.
func TestSlowLorisHeadersAreCut(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out the 5 s header timeout")
	}
	t.Parallel()
	base := serveRun(t, io.Discard, "--auth", "off")
	addr := strings.TrimPrefix(base, "http://")
	const conns = 20
	cut := make(chan time.Duration, conns)
	start := time.Now()
	for range conns {
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		t.Cleanup(func() { conn.Close() })
		_, err = io.WriteString(conn, "POST /v4/sns/friend_delete?sdkappid=1400000000 HTTP/1.1\r\nHost: x\r\n")
		require.NoError(t, err)
		go func() {
			for i := 0; ; i++ {
				if _, err := fmt.Fprintf(conn, "X-Slow-%d: a\r\n", i); err != nil {
					return
				}
				time.Sleep(250 * time.Millisecond)
			}
		}()
		go func() {
			_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
			// Ends when the server closes the connection: EOF, or a reset
			// when header bytes were still arriving.
			b, err := io.ReadAll(conn)
			if errors.Is(err, os.ErrDeadlineExceeded) || len(b) > 0 && !strings.HasPrefix(string(b), "HTTP/1.1 408") {
				cut <- -1
				return
			}
			cut <- time.Since(start)
		}()
	}
	// The server answers others while the slow connections hang.
	time.Sleep(time.Second)
	healthStart := time.Now()
	code, _ := get(t, base+"/_mock/health")
	require.Equal(t, http.StatusOK, code)
	require.Less(t, time.Since(healthStart), time.Second)

	for range conns {
		d := <-cut
		require.Positive(t, d, "a slow connection was not closed by the server")
		require.Less(t, d, 8*time.Second, "ReadHeaderTimeout is 5 s")
		require.Greater(t, d, 4*time.Second, "closed before the header timeout")
	}
}

// TestSecretsStayOutOfLogsJournalAndState serves signed and badly signed
// requests of both vendors with the log at debug level, then looks for the
// ZEGO secret, the TIM key, the Signatures and the UserSigs in the log, the
// journal and the state export (which has the secrets only when asked).
func TestSecretsStayOutOfLogsJournalAndState(t *testing.T) {
	var logs lockedBuffer
	base := serveRun(t, &logs, "--log-level", "debug", "--log-format", "json", "--rate-limit", "off")
	now := time.Now().Unix()
	const nonce = "a1b2c3d4e5f60718"
	goodSig := signature.ZegoSign(1234567890, nonce, fixtureZegoSecret, now)
	badSig := signature.ZegoSign(1234567890, nonce, "not-the-secret-not-the-secret-00", now)
	goodUserSig, err := signature.GenUserSig(1400000000, fixtureTIMKey, "administrator", 86400, now)
	require.NoError(t, err)
	badUserSig, err := signature.GenUserSig(1400000000, strings.Repeat("0", 64), "administrator", 86400, now)
	require.NoError(t, err)

	for _, sig := range []string{goodSig, badSig} {
		q := url.Values{"Action": {"DeleteFriends"}, "AppId": {"1234567890"}, "SignatureNonce": {nonce},
			"Timestamp": {strconv.FormatInt(now, 10)}, "SignatureVersion": {"2.0"}, "Signature": {sig}}
		postOK(t, base+"/?"+q.Encode(), `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`)
	}
	for _, sig := range []string{goodUserSig, badUserSig} {
		q := url.Values{"sdkappid": {"1400000000"}, "identifier": {"administrator"}, "usersig": {sig}, "random": {"1"}, "contenttype": {"json"}}
		postOK(t, base+"/v4/sns/friend_delete?"+q.Encode(), `{"From_Account":"alice","To_Account":["bob"]}`)
	}

	secrets := map[string]string{"ZEGO secret": fixtureZegoSecret, "TIM key": fixtureTIMKey, "Signature": goodSig,
		"wrong Signature": badSig, "UserSig": goodUserSig, "wrong UserSig": badUserSig}
	_, journal := get(t, base+"/_mock/journal")
	_, state := get(t, base+"/_mock/state")
	_, stateWithSecrets := get(t, base+"/_mock/state?secrets=true")
	require.Contains(t, journal, "friend_delete", "the journal recorded the requests")
	// The log is buffered (at most logFlushInterval): wait for every
	// request's line (four vendor calls, three control reads).
	require.Eventually(t, func() bool { return strings.Count(logs.String(), `"msg":"request"`) >= 7 },
		5*time.Second, 10*time.Millisecond, "every request's line reaches the log: %s", logs.String())
	for name, s := range secrets {
		assert.NotContains(t, logs.String(), s, "%s in the log", name)
		assert.NotContains(t, journal, s, "%s in the journal", name)
		assert.NotContains(t, state, s, "%s in the state export", name)
	}
	assert.Contains(t, stateWithSecrets, fixtureZegoSecret, "?secrets=true exports them")
	assert.Contains(t, stateWithSecrets, fixtureTIMKey)
}

func postOK(t *testing.T, u, body string) {
	t.Helper()
	resp, err := http.Post(u, "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

// TestDefaultBindIsLoopback: without --addr or MOCKSERVER_ADDR the server
// is reachable from this machine only.
func TestDefaultBindIsLoopback(t *testing.T) {
	o, err := parseServeFlags(nil, func(string) string { return "" }, io.Discard)
	require.NoError(t, err)
	host, _, err := net.SplitHostPort(o.addr)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", host)
}

// TestContainerRunsAsNonRoot reads both Dockerfiles: the image's last stage
// is an empty (scratch) image running as a numeric non-root user, checking
// itself without a shell, and it is the same text whether the binary comes
// from the golang build stage or prebuilt (what CI builds is what users get).
func TestContainerRunsAsNonRoot(t *testing.T) {
	var runtimes []string
	for _, name := range []string{"../../Dockerfile", "../../Dockerfile.prebuilt"} {
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		text := string(data)
		i := strings.LastIndex(text, "\nFROM ")
		require.GreaterOrEqual(t, i, 0, name)
		final := text[i+1:]
		runtimes = append(runtimes, final)
		var from, user, health string
		for _, line := range strings.Split(final, "\n") {
			f := strings.Fields(line)
			switch {
			case len(f) >= 2 && strings.EqualFold(f[0], "FROM"):
				from = f[1]
			case len(f) >= 2 && strings.EqualFold(f[0], "USER"):
				user = f[1]
			case len(f) >= 2 && strings.EqualFold(f[0], "HEALTHCHECK"):
				health = line
			}
		}
		assert.Equal(t, "scratch", from, "%s: the final stage's base image", name)
		assert.Equal(t, "65532:65532", user, "%s: the final stage's USER", name)
		assert.Contains(t, health, `CMD ["/mockserver", "healthcheck"]`, "%s: exec-form HEALTHCHECK (no shell in the image)", name)
	}
	assert.Equal(t, runtimes[0], runtimes[1], "Dockerfile and Dockerfile.prebuilt must share the runtime stage")
}
