//go:build cgo

package store

import (
	"errors"

	"github.com/mattn/go-sqlite3"
)

// isFull reports whether err is SQLite's SQLITE_FULL.
func isFull(err error) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && e.Code == sqlite3.ErrFull
}
