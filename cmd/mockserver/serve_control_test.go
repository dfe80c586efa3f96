package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/clock"
)

func TestRunJournalSize(t *testing.T) {
	for _, s := range []*started{
		startRun(t, nil, "--journal-size", "2"),
		startRun(t, map[string]string{"MOCKSERVER_JOURNAL_SIZE": "2"}),
	} {
		for range 3 {
			resp, err := http.Post(s.url+"/v4/sns/friend_get", "application/json", strings.NewReader(`{}`))
			require.NoError(t, err)
			resp.Body.Close()
		}
		code, body := get(t, s.url+"/_mock/journal")
		require.Equal(t, http.StatusOK, code, body)
		var j struct{ Entries []struct{ ID int } }
		require.NoError(t, json.Unmarshal([]byte(body), &j))
		require.Len(t, j.Entries, 2, "the ring keeps --journal-size entries")
		assert.Equal(t, 2, j.Entries[0].ID)
	}

	for _, v := range []string{"0", "-1", "x"} {
		err := run(context.Background(), []string{"mockserver", "--addr", "127.0.0.1:0", "--journal-size", v},
			func(string) string { return "" }, io.Discard, io.Discard)
		var ee *exitError
		require.ErrorAs(t, err, &ee, v)
		assert.Equal(t, 2, ee.code, v)
	}
}

// TestRunShutdownEndsStreams stops a server with an event stream open:
// run returns at once and cleanly instead of waiting for the stream until
// the shutdown timeout.
func TestRunShutdownEndsStreams(t *testing.T) {
	s := startRun(t, nil)
	resp, err := http.Get(s.url + "/_mock/events/stream")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))

	elapsed := clock.Stopwatch()
	require.NoError(t, s.wait(t))
	assert.Less(t, elapsed(), 5*time.Second)
	_, err = io.Copy(io.Discard, bufio.NewReader(resp.Body))
	assert.NoError(t, err, "the stream ended cleanly")
}
