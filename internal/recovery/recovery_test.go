package recovery_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/recovery"
)

func TestMiddleware(t *testing.T) {
	var got any
	answer := func(w http.ResponseWriter, r *http.Request, v any) {
		got = v
		w.WriteHeader(http.StatusTeapot)
	}
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		status   int
		answered any
	}{
		{"no panic", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }, http.StatusNoContent, nil},
		{"panic", func(http.ResponseWriter, *http.Request) { panic("boom") }, http.StatusTeapot, "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got = nil
			rec := httptest.NewRecorder()
			recovery.Middleware(answer)(tt.handler).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
			assert.Equal(t, tt.status, rec.Code)
			assert.Equal(t, tt.answered, got)
		})
	}
}

func TestMiddlewarePassesAbortHandler(t *testing.T) {
	h := recovery.Middleware(func(http.ResponseWriter, *http.Request, any) { t.Error("answered an abort") })(
		http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }))
	defer func() { require.Equal(t, http.ErrAbortHandler, recover()) }()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
}
