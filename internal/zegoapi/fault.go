package zegoapi

import (
	"log/slog"
	"net/http"
)

// KnownCode reports whether code is in the ZEGO codes table, i.e. whether
// imemu can answer with it. The control plane accepts only such codes for
// injected faults.
func KnownCode(code int) bool {
	_, ok := codes[code]
	return ok
}

// WriteCode answers r with code in ZEGO's envelope (HTTP 200, Code, the
// code's Message, the request's RequestId), through the same writer as
// every Action's failures, so an injected fault is indistinguishable on the
// wire from a real one. It touches no state.
func WriteCode(w http.ResponseWriter, r *http.Request, code int) {
	// The logger only reports internal errors, which an *Error is not.
	writeError(w, r, slog.New(slog.DiscardHandler), errorf(code, ""))
}
