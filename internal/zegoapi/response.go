package zegoapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/imemu/imemu/internal/reqid"
)

// Error is a ZEGO error answer: the envelope's Code and Message.
type Error struct {
	Code    int
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("zego %d: %s", e.Code, e.Message) }

// errorf returns an Error with code and a message that adds detail to the
// code's documented meaning.
func errorf(code int, format string, args ...any) *Error {
	msg := Message(code)
	if format != "" {
		msg += ": " + fmt.Sprintf(format, args...)
	}
	return &Error{Code: code, Message: msg}
}

// Envelope holds the fields of every ZEGO answer.
type Envelope struct {
	Code      int
	Message   string
	RequestId string //nolint:revive // ZEGO's field name
}

// envelope returns a success envelope for r.
func envelope(r *http.Request) Envelope {
	return Envelope{Code: CodeOK, Message: Message(CodeOK), RequestId: reqid.From(r.Context())}
}

// writeJSON writes body with HTTP 200, as ZEGO answers everything.
func writeJSON(w http.ResponseWriter, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(body)
}

// writeError renders err in ZEGO's envelope. Errors that are not *Error are
// internal: logged, and answered with CodeBusiness so the client retries.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var ze *Error
	if !errors.As(err, &ze) {
		log.ErrorContext(r.Context(), "zego internal error", "err", err, "request_id", reqid.From(r.Context()))
		ze = errorf(CodeBusiness, "")
	}
	writeJSON(w, Envelope{Code: ze.Code, Message: ze.Message, RequestId: reqid.From(r.Context())})
}

// Recover turns a panic below it into a ZEGO CodeInternal answer.
func Recover(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					log.ErrorContext(r.Context(), "zego handler panic", "panic", v, "request_id", reqid.From(r.Context()))
					writeJSON(w, Envelope{Code: CodeInternal, Message: Message(CodeInternal), RequestId: reqid.From(r.Context())})
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}
