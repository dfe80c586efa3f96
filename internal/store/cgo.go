//go:build cgo

package store

// cgoEnabled says whether this binary was built with cgo, which the SQLite
// driver (github.com/mattn/go-sqlite3, C code) needs.
const cgoEnabled = true
