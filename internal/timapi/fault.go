package timapi

import (
	"log/slog"
	"net/http"
)

// Codes a real TIM answers under load or by policy that no request to imemu
// provokes on its own, so tests can inject them as faults. They stay out of
// the codes table, every row of which some request provokes
// (tim-facts.md: sns error codes and the common codes table).
const (
	faultTimeout        = 30007 // sns: network timeout, retry later
	faultWriteConflict  = 30008 // sns: write conflict from concurrent writes to one account
	faultDeleteFiltered = 31707 // friend_delete: deletion filtered by security policy (too frequent)
	faultAppRate        = 60011 // common: SDKAppID request frequency over the limit
	faultTooFrequent    = 60018 // common: requests too frequent, retry later
	faultTooFrequent2   = 60019 // common: requests too frequent, retry later
)

// faultCodes gives the ErrorInfo of each fault-only code.
var faultCodes = map[int]string{
	faultTimeout:        "network timeout, please retry later",
	faultWriteConflict:  "write conflict caused by concurrent writes, please retry",
	faultDeleteFiltered: "the deletion was filtered by the security policy, operations are too frequent",
	faultAppRate:        "SDKAppID request frequency over the limit",
	faultTooFrequent:    "requests are too frequent, please retry later",
	faultTooFrequent2:   "requests are too frequent, please retry later",
}

// KnownCode reports whether imemu can answer with code: it is in the codes
// table or is one of the codes only faults inject. The control plane
// accepts only such codes for injected faults.
func KnownCode(code int) bool {
	_, fault := faultCodes[code]
	return Documented(code) || fault
}

// WriteCode answers r with code in TIM's error envelope (HTTP 200,
// ActionStatus FAIL, ErrorCode, the code's ErrorInfo), through the same
// writer as every API's failures, so an injected fault is
// indistinguishable on the wire from a real one. It touches no state.
func WriteCode(w http.ResponseWriter, r *http.Request, code int) {
	err := errorf(code, "")
	if info, ok := faultCodes[code]; ok {
		err = &Error{Code: code, Info: info}
	}
	// The logger only reports internal errors, which an *Error is not.
	writeError(w, r, slog.New(slog.DiscardHandler), err)
}
