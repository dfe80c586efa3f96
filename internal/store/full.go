package store

import (
	"context"
	"errors"
	"fmt"
)

// ErrFull is what a write returns when the database cannot grow: the disk
// (or its quota) is full, or the store was limited with LimitBytes. The
// write changed nothing.
var ErrFull = errors.New("the database is full")

// fullError wraps err as ErrFull when SQLite says the database or disk is
// full, so callers can answer "no room" instead of an internal error.
func fullError(err error) error {
	if err == nil || errors.Is(err, ErrFull) || !isFull(err) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrFull, err)
}

// LimitBytes caps the database at about maxBytes: a write that would grow
// it past that fails with ErrFull, as on a full disk. For an in-memory
// database this bounds the memory it takes. It sets SQLite's
// max_page_count on the one writer connection, which lives as long as the
// store. Not positive: no limit beyond SQLite's own.
func (s *Store) LimitBytes(ctx context.Context, maxBytes int64) error {
	if maxBytes <= 0 {
		return nil
	}
	var pageSize int64
	if err := s.db.QueryRowContext(ctx, "PRAGMA page_size").Scan(&pageSize); err != nil {
		return err
	}
	pages := max(maxBytes/pageSize, 1)
	var set int64
	// PRAGMA takes no bound parameters; pages is an integer we computed.
	if err := s.db.QueryRowContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)).Scan(&set); err != nil {
		return err
	}
	// SQLite never sets the limit below the pages in use: it answers with
	// what it set.
	if set > pages {
		return fmt.Errorf("%w: it already holds %d bytes, more than %d", ErrFull, set*pageSize, maxBytes)
	}
	return nil
}
