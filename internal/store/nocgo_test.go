//go:build !cgo

package store

import (
	"context"
	"errors"
	"testing"
)

// TestOpenWithoutCgo runs only in a build without cgo
// (CGO_ENABLED=0 go test ./internal/store/): there Open says why it cannot
// work instead of the SQLite driver's stub error.
func TestOpenWithoutCgo(t *testing.T) {
	_, err := Open(context.Background(), Memory, nil)
	if !errors.Is(err, ErrNoCgo) {
		t.Fatalf("Open without cgo: %v, want ErrNoCgo", err)
	}
}
