package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/journal"
	"github.com/imemu/imemu/internal/store"
	"github.com/imemu/imemu/internal/timapi"
	"github.com/imemu/imemu/internal/zegoapi"
)

// TestJournalRecordsTheAnswerToAPanic builds the vendor chains of
// routes.go around a handler that panics: the journal, outside the
// vendor's Recover, records the internal-error answer the client got.
func TestJournalRecordsTheAnswerToAPanic(t *testing.T) {
	st, err := store.Open(context.Background(), store.Memory, clock.Fixed(time.Unix(0, 0)))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := NewServer(log, Config{}, st, clock.Fixed(time.Unix(0, 0))).(*server)
	boom := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })

	chains := map[imemu.Vendor]http.Handler{
		imemu.VendorZego: chi.Chain(s.capBody, s.recordRequests(imemu.VendorZego), zegoapi.Recover(log), s.injectFaults(imemu.VendorZego)).Handler(boom),
		imemu.VendorTIM:  chi.Chain(s.capBody, s.recordRequests(imemu.VendorTIM), timapi.Recover(log), s.injectFaults(imemu.VendorTIM)).Handler(boom),
	}
	want := map[imemu.Vendor]int{imemu.VendorZego: zegoapi.CodeInternal, imemu.VendorTIM: timapi.CodeInternal}
	for vendor, h := range chains {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/v4/sns/friend_get?Action=X", nil))
		es := s.journal.List(journal.Filter{Vendor: vendor})
		require.Len(t, es, 1, vendor)
		require.NotNil(t, es[0].Code, vendor)
		assert.Equal(t, want[vendor], *es[0].Code, vendor)
		assert.Equal(t, http.StatusOK, es[0].HTTPStatus, vendor)
	}
}
