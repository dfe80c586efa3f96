package main

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// logFlushInterval bounds how long a log line waits in a lineBuffer.
const logFlushInterval = 100 * time.Millisecond

// lineBuffer batches log lines into few writes: under load, the access
// log's one line per request would otherwise be one write(2) per request,
// a large part of what a fast request costs. A line waits at most
// logFlushInterval; lines of level Warn and above are written at once
// (flushHandler). Lines are never split across writes, so another writer
// of the same file cannot land inside one.
type lineBuffer struct {
	mu   sync.Mutex
	w    io.Writer
	buf  []byte
	stop chan struct{}
	done chan struct{}
}

func newLineBuffer(w io.Writer, size int, every time.Duration) *lineBuffer {
	b := &lineBuffer{w: w, buf: make([]byte, 0, size), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				_ = b.Flush()
			case <-b.stop:
				return
			}
		}
	}()
	return b
}

// Write buffers p, one or more whole lines (slog writes one per call).
func (b *lineBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.buf)+len(p) > cap(b.buf) {
		if err := b.flushLocked(); err != nil {
			return 0, err
		}
	}
	if len(p) > cap(b.buf) {
		return b.w.Write(p)
	}
	b.buf = append(b.buf, p...)
	return len(p), nil
}

// Flush writes what is buffered.
func (b *lineBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.flushLocked()
}

func (b *lineBuffer) flushLocked() error {
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.w.Write(b.buf)
	b.buf = b.buf[:0]
	return err
}

// Close stops the periodic flush and flushes.
func (b *lineBuffer) Close() error {
	close(b.stop)
	<-b.done
	return b.Flush()
}

// flushHandler writes a record of level Warn or above, and everything
// buffered before it, at once.
type flushHandler struct {
	slog.Handler
	buf *lineBuffer
}

func (h flushHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		if ferr := h.buf.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}

func (h flushHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return flushHandler{h.Handler.WithAttrs(attrs), h.buf}
}

func (h flushHandler) WithGroup(name string) slog.Handler {
	return flushHandler{h.Handler.WithGroup(name), h.buf}
}
