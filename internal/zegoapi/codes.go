package zegoapi

// ZEGO return codes. Each literal appears here only; Message texts are
// imemu's paraphrase of the documented meaning (ZEGO documents no exact
// strings). Sources: zim-server return-codes page (global), each Action's
// page (business).
const (
	CodeOK       = 0 // success
	CodeInternal = 1 // request failed; server busy, retry (global)

	CodeActionEmpty       = 100000006 // Action empty (global)
	CodeActionUnsupported = 100000007 // unsupported Action (global)

	CodeBusiness   = 660000001 // generic business error; retry (ZIM)
	CodeParamError = 660000002 // input parameter error (ZIM)
)

// messages maps each code to the Message imemu answers with.
var messages = map[int]string{
	CodeOK:                "success",
	CodeInternal:          "request failed, server busy, please retry",
	CodeActionEmpty:       "Action is empty",
	CodeActionUnsupported: "unsupported Action",
	CodeBusiness:          "server business error, please retry",
	CodeParamError:        "input parameter error",
}

// Message returns the documented meaning of code.
func Message(code int) string {
	if m, ok := messages[code]; ok {
		return m
	}
	return "error"
}
