package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
	"github.com/imemu/imemu/internal/timapi"
	"github.com/imemu/imemu/internal/zegoapi"
)

// syncBuffer is a log destination tests read while the server writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// troubleServer is a server with --auth off whose logs the test reads,
// configured by edit (timeouts, as mockserver sets them).
func troubleServer(t *testing.T, edit func(*http.Server)) (*httptest.Server, *store.Store, *syncBuffer) {
	t.Helper()
	st, err := store.Open(context.Background(), store.Memory, clock.Fixed(relNow))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, st.ReplaceApps(context.Background(), fixtures.Default(), nil))
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := server.Config{AuthOff: true, Fixtures: fixtures.Default()}
	hs := httptest.NewUnstartedServer(server.NewServer(log, cfg, st, clock.Fixed(relNow)))
	if edit != nil {
		edit(hs.Config)
	}
	hs.Start()
	t.Cleanup(hs.Close)
	return hs, st, logs
}

// rawRequest writes an HTTP/1.1 request by hand: head, then body, then
// (halfClose) closes the client's sending side, and returns the answer.
func rawRequest(t *testing.T, addr, method, target, contentType string, contentLength int, body string, halfClose bool) (*http.Response, []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(20*time.Second)))
	head := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: imemu:8080\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n",
		method, target, contentType, contentLength)
	_, err = io.WriteString(conn, head+body)
	require.NoError(t, err)
	if halfClose {
		require.NoError(t, conn.(*net.TCPConn).CloseWrite())
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err, "no answer")
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, raw
}

// A client that sends its whole request and then half-closes the
// connection (shutdown(SHUT_WR), as some HTTP/1.0-style clients and
// proxies do) still gets the real answer: net/http cancels the request's
// context on the EOF, but the statements of a request read in full do not
// run under it.
func TestHalfClosedClientGetsTheRealAnswer(t *testing.T) {
	for _, c := range []struct {
		name, method, target, body string
		check                      func(t *testing.T, raw []byte)
	}{
		{"zego DeleteFriends", http.MethodPost, "/?" + relZegoQuery("DeleteFriends").Encode(),
			`{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`,
			func(t *testing.T, raw []byte) {
				var a zegoAnswer
				require.NoError(t, json.Unmarshal(raw, &a), string(raw))
				assert.Equal(t, zegoapi.CodeOK, *a.Code, string(raw))
			}},
		{"zego QueryFriendList", http.MethodGet, "/?" + relZegoQuery("QueryFriendList").Encode() + "&FromUserId=alice&Offset=0&Limit=10", "",
			func(t *testing.T, raw []byte) {
				var a zegoAnswer
				require.NoError(t, json.Unmarshal(raw, &a), string(raw))
				assert.Equal(t, zegoapi.CodeOK, *a.Code, string(raw))
			}},
		{"tim friend_delete", http.MethodPost, "/v4/sns/friend_delete?" + relTIMQuery().Encode(),
			`{"From_Account":"alice","To_Account":["carol"],"DeleteType":"Delete_Type_Both"}`,
			func(t *testing.T, raw []byte) {
				var a timAnswer
				require.NoError(t, json.Unmarshal(raw, &a), string(raw))
				assert.Equal(t, 0, *a.ErrorCode, string(raw))
			}},
		{"control reset", http.MethodPost, "/_mock/reset", "",
			func(t *testing.T, raw []byte) { assert.Contains(t, string(raw), `"reset"`) }},
		{"control state", http.MethodGet, "/_mock/state", "",
			func(t *testing.T, raw []byte) { assert.Contains(t, string(raw), `"apps"`) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			hs, _, logs := troubleServer(t, nil)
			addr := hs.Listener.Addr().String()
			// Repeated: whether net/http has seen the EOF before the first
			// statement runs is a race the fix must win every time.
			for range 20 {
				resp, raw := rawRequest(t, addr, c.method, c.target, "application/json", len(c.body), c.body, true)
				require.Equal(t, http.StatusOK, resp.StatusCode, string(raw))
				c.check(t, raw)
				if t.Failed() {
					break
				}
				_, _ = http.Post(hs.URL+"/_mock/reset", "", nil)
			}
			assert.NotContains(t, logs.String(), "level=ERROR")
		})
	}
}

// A body that stops arriving gets the vendor's body-read code once the
// server's read timeout passes, with a message in the vendor's words.
func TestStalledBodyGetsTheBodyReadCode(t *testing.T) {
	hs, st, logs := troubleServer(t, func(s *http.Server) { s.ReadTimeout = 300 * time.Millisecond })
	addr := hs.Listener.Addr().String()
	before, err := st.ExportApps(context.Background(), nil)
	require.NoError(t, err)

	body := `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`
	resp, raw := rawRequest(t, addr, http.MethodPost, "/?"+relZegoQuery("DeleteFriends").Encode(), "application/json", len(body)+20, body, false)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	var z zegoAnswer
	require.NoError(t, json.Unmarshal(raw, &z), string(raw))
	assert.Equal(t, zegoapi.CodeBodyRead, *z.Code, string(raw))
	assert.Contains(t, *z.Message, "stalled")
	assert.False(t, hasGoError(*z.Message), *z.Message)

	body = `{"From_Account":"alice","To_Account":["bob"]}`
	resp, raw = rawRequest(t, addr, http.MethodPost, "/v4/sns/friend_delete?"+relTIMQuery().Encode(), "application/json", len(body)+20, body, false)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	var a timAnswer
	require.NoError(t, json.Unmarshal(raw, &a), string(raw))
	assert.Equal(t, timapi.CodeBadRequest, *a.ErrorCode, string(raw))
	assert.Contains(t, *a.ErrorInfo, "stalled")
	assert.False(t, hasGoError(*a.ErrorInfo), *a.ErrorInfo)

	after, err := st.ExportApps(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, before, after, "a stalled request changed state")
	assert.NotContains(t, logs.String(), "level=ERROR")
	assert.False(t, strings.Contains(logs.String(), "i/o timeout") && strings.Contains(logs.String(), "level=ERROR"))
}
