package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imemu/imemu/internal/server"
)

// A callback URL is http(s), at most 2 KiB, and the credentials it may
// carry show only in exports with ?secrets=true; an export without them
// put back keeps the real URL.
func TestCallbackURLRules(t *testing.T) {
	m := newMock(t, server.Config{})
	const withCreds = "https://hook:t0ps3cret@backend.example/im?tag=1"
	m.createApp(`{"vendor":"tim","appId":1400000555,"callbackUrl":"` + withCreds + `"}`)

	plain := m.ok(http.StatusOK, http.MethodGet, "/_mock/state?vendor=tim&app=1400000555", nil)
	assert.NotContains(t, plain, "t0ps3cret")
	assert.Contains(t, plain, `"callbackUrl":"https://xxxxx:xxxxx@backend.example/im?tag=1"`)
	assert.Contains(t, m.ok(http.StatusOK, http.MethodGet, "/_mock/state?vendor=tim&app=1400000555&secrets=true", nil), withCreds)

	m.ok(http.StatusOK, http.MethodPut, "/_mock/state?vendor=tim&app=1400000555", plain)
	assert.Contains(t, m.ok(http.StatusOK, http.MethodGet, "/_mock/state?vendor=tim&app=1400000555&secrets=true", nil), withCreds,
		"the masked URL put back keeps the credentials")

	long := "https://backend.example/" + strings.Repeat("a", 2048)
	m.expectBad([]badCase{
		{name: "over 2 KiB", path: "/_mock/apps", body: `{"vendor":"tim","callbackUrl":"` + long + `"}`, field: "callbackUrl"},
		{name: "not http(s)", path: "/_mock/apps", body: `{"vendor":"tim","callbackUrl":"ftp://backend.example/im"}`, field: "callbackUrl"},
		{name: "javascript", path: "/_mock/apps", body: `{"vendor":"tim","callbackUrl":"javascript:alert(1)"}`, field: "callbackUrl"},
		{name: "file", path: "/_mock/apps", body: `{"vendor":"tim","callbackUrl":"file:///etc/passwd"}`, field: "callbackUrl"},
	}, m.state)
	code, body := m.call(http.MethodPost, "/_mock/apps", badInput(`{"vendor":"tim","callbackUrl":"ftp://hook:t0ps3cret@backend.example/"}`))
	assert.Equal(t, http.StatusBadRequest, code)
	assert.NotContains(t, body, "t0ps3cret", "an error never echoes the credentials")
}
