package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestLineBuffer checks that info lines wait for a flush, a warning
// writes everything at once, full buffers flush whole lines, and Close
// writes the rest.
func TestLineBuffer(t *testing.T) {
	var out bytes.Buffer
	buf := newLineBuffer(&out, 100, time.Hour)
	log := slog.New(flushHandler{slog.NewTextHandler(buf, nil), buf})
	log.Info("request", "n", 1)
	assert.Empty(t, out.String(), "an info line waits")
	log.Warn("trouble")
	assert.Equal(t, 2, strings.Count(out.String(), "\n"), "a warning flushes it and itself")
	out.Reset()
	for i := range 5 {
		log.Info("request", "n", i)
	}
	for _, line := range strings.SplitAfter(out.String(), "\n") {
		if line != "" {
			assert.True(t, strings.HasSuffix(line, "\n") && strings.Contains(line, "msg=request"), "whole lines only: %q", line)
		}
	}
	assert.NoError(t, buf.Close())
	assert.Equal(t, 5, strings.Count(out.String(), "msg=request"), "Close writes the rest")
}

// TestLineBufferFlushesOnTime checks the periodic flush.
func TestLineBufferFlushesOnTime(t *testing.T) {
	var out lockedBuffer
	buf := newLineBuffer(&out, 1<<10, 10*time.Millisecond)
	defer buf.Close()
	_, _ = buf.Write([]byte("line\n"))
	assert.Eventually(t, func() bool { return out.String() == "line\n" }, time.Second, 5*time.Millisecond)
}
