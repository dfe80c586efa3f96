package timapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/imemu/imemu/internal/recovery"
	"github.com/imemu/imemu/internal/reqid"
)

// Error is a TIM error answer: ActionStatus FAIL with ErrorCode and ErrorInfo.
type Error struct {
	Code int
	Info string
}

// Error describes the answer for logs.
func (e *Error) Error() string { return fmt.Sprintf("tim %d: %s", e.Code, e.Info) }

// errorf returns an Error with code and an ErrorInfo that adds detail to the
// code's documented meaning.
func errorf(code int, format string, args ...any) *Error {
	info := Info(code)
	if format != "" {
		info += ": " + fmt.Sprintf(format, args...)
	}
	return &Error{Code: code, Info: info}
}

// Envelope holds the fields of every sns answer. Its field names are the
// JSON member names.
type Envelope struct {
	ActionStatus string
	ErrorCode    int
	ErrorInfo    string
	ErrorDisplay string
}

func okEnvelope() Envelope { return Envelope{ActionStatus: "OK"} }

// accountEnvelope is the envelope of account API answers, which Tencent's
// examples show without ErrorDisplay, and of common-code errors.
type accountEnvelope struct {
	ActionStatus string
	ErrorCode    int
	ErrorInfo    string
}

func okAccountEnvelope() accountEnvelope { return accountEnvelope{ActionStatus: "OK"} }

// writeJSON writes body with HTTP 200: TIM answers 200 for everything short
// of a network failure.
func writeJSON(w http.ResponseWriter, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(body)
}

// writeError renders err in TIM's envelope. Errors that are not *Error are
// internal: logged, and answered with CodeInternal so the client retries.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var te *Error
	if !errors.As(err, &te) {
		log.ErrorContext(r.Context(), "tim internal error", "err", err, "request_id", reqid.From(r.Context()))
		te = errorf(CodeInternal, "")
	}
	if commonCode(te.Code) {
		writeJSON(w, accountEnvelope{ActionStatus: "FAIL", ErrorCode: te.Code, ErrorInfo: te.Info})
		return
	}
	writeJSON(w, Envelope{ActionStatus: "FAIL", ErrorCode: te.Code, ErrorInfo: te.Info})
}

// commonCode reports whether code is in the common error-code range
// (60000–79999), which the REST gateway answers before (or instead of) a
// service: with ActionStatus, ErrorCode and ErrorInfo only, as every
// quoted real gateway answer is. Service answers (sns 3xxxx, profile
// 4xxxx) carry ErrorDisplay too.
func commonCode(code int) bool { return code >= 60000 && code <= 79999 }

// Recover turns a panic below it into a TIM CodeInternal answer.
func Recover(log *slog.Logger) func(http.Handler) http.Handler {
	return recovery.Middleware(func(w http.ResponseWriter, r *http.Request, v any) {
		log.ErrorContext(r.Context(), "tim handler panic", "panic", v, "request_id", reqid.From(r.Context()))
		writeError(w, r, log, errorf(CodeInternal, ""))
	})
}

// UnknownPath answers a path under /v4/ that is no TIM API with CodeUnknownPath.
func UnknownPath(log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, log, errorf(CodeUnknownPath, "%s", r.URL.Path))
	})
}

// WrongMethod answers a TIM API called with a method other than POST with
// CodeHTTPParse: TIM documents only POST and no code for other methods.
func WrongMethod(log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, log, errorf(CodeHTTPParse, "%s %s: TIM REST APIs take POST only", r.Method, r.URL.Path))
	})
}
