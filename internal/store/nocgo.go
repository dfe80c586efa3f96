//go:build !cgo

package store

// cgoEnabled says whether this binary was built with cgo, which the SQLite
// driver (github.com/mattn/go-sqlite3, C code) needs. Without it the
// driver is a stub whose error ("This is a stub") does not say what to do,
// so Open says it instead.
const cgoEnabled = false
