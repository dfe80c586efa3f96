package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// browserGet asks for the app list as a same-origin page under host would.
func browserGet(t *testing.T, base, host string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/_mock/apps", nil)
	require.NoError(t, err)
	req.Host = host
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// --allowed-host (repeatable) and MOCKSERVER_ALLOWED_HOST (comma-separated)
// add names browsers may reach the control plane under.
func TestAllowedHostFlag(t *testing.T) {
	s := startRun(t, nil, "--allowed-host", "imemu", "--allowed-host", "ci.internal:9000")
	assert.Equal(t, http.StatusOK, browserGet(t, s.url, "imemu:8080"))
	assert.Equal(t, http.StatusOK, browserGet(t, s.url, "ci.internal:9000"))
	assert.Equal(t, http.StatusForbidden, browserGet(t, s.url, "ci.internal:9001"))
	assert.Equal(t, http.StatusForbidden, browserGet(t, s.url, "evil.example"))
	assert.Equal(t, http.StatusOK, browserGet(t, s.url, "localhost"+s.url[strings.LastIndex(s.url, ":"):]))

	e := startRun(t, map[string]string{"MOCKSERVER_ALLOWED_HOST": "imemu, other"})
	assert.Equal(t, http.StatusOK, browserGet(t, e.url, "imemu"))
	assert.Equal(t, http.StatusOK, browserGet(t, e.url, "other:1"))
	assert.Equal(t, http.StatusForbidden, browserGet(t, e.url, "third"))

	_, err := parseServeFlags([]string{"--allowed-host", "http://imemu/"}, func(string) string { return "" }, &strings.Builder{})
	assert.Error(t, err)
}
