package zegoapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/imemu/imemu/internal/recovery"
	"github.com/imemu/imemu/internal/reqid"
)

// Error is a ZEGO error answer: the envelope's Code and Message.
type Error struct {
	Code    int
	Message string
}

// Error returns the code and message, for logs.
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

// Envelope holds the fields of every ZEGO answer. Response types embed it
// first, so Code, Message and RequestId lead every body as in ZEGO's
// examples.
type Envelope struct {
	Code      int    `json:"Code"`
	Message   string `json:"Message"`
	RequestID string `json:"RequestId"`
}

func (e *Envelope) envelope() *Envelope { return e }

// reply is a response body: a struct that embeds Envelope.
type reply interface{ envelope() *Envelope }

// respond is the one place ZEGO answers are rendered. With err == nil, rep
// is a success (Code 0, Message "success"). With an *Error, the envelope
// carries its Code and Message; rep, when not nil, adds the Action's
// fields, which is how a batch in which every item failed still returns
// its ErrorList. Any other error is internal: logged and answered with
// CodeBusiness so the client retries, as ZEGO asks for that code.
func respond(w http.ResponseWriter, r *http.Request, log *slog.Logger, rep reply, err error) {
	if rep == nil {
		rep = &Envelope{}
	}
	env := rep.envelope()
	var ze *Error
	switch {
	case err == nil:
		env.Code, env.Message = CodeOK, Message(CodeOK)
	case errors.As(err, &ze):
		env.Code, env.Message = ze.Code, ze.Message
	default:
		log.ErrorContext(r.Context(), "zego internal error", "err", err, "request_id", reqid.From(r.Context()))
		rep = &Envelope{Code: CodeBusiness, Message: Message(CodeBusiness)}
		env = rep.envelope()
	}
	env.RequestID = reqid.From(r.Context())
	writeJSON(w, rep)
}

// writeError renders err in ZEGO's envelope alone.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	respond(w, r, log, nil, err)
}

// writeJSON writes body with HTTP 200, as ZEGO answers everything. HTML
// escaping is off: user ids may contain < > &, and ZEGO's JSON has no
// reason to escape them.
func writeJSON(w http.ResponseWriter, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(body)
}

// Recover turns a panic below it into a ZEGO CodeInternal answer.
func Recover(log *slog.Logger) func(http.Handler) http.Handler {
	return recovery.Middleware(func(w http.ResponseWriter, r *http.Request, v any) {
		log.ErrorContext(r.Context(), "zego handler panic", "panic", v, "request_id", reqid.From(r.Context()))
		writeError(w, r, log, errorf(CodeInternal, ""))
	})
}
