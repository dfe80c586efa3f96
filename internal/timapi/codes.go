package timapi

// TIM error codes. Each literal appears here only. Sources: the REST API
// common error-code table (60000–79999) and each API's page.
const (
	CodeOK = 0 // success

	CodeInternal = 30006 // internal server error, retry (sns APIs)

	CodeUnknownPath = 60009 // requested resource error: unknown service/command
)

// infos maps each code to the ErrorInfo imemu answers with.
var infos = map[int]string{
	CodeOK:          "",
	CodeInternal:    "internal server error, please retry",
	CodeUnknownPath: "requested resource error, check the request URL",
}

// Info returns the documented meaning of code.
func Info(code int) string {
	if m, ok := infos[code]; ok {
		return m
	}
	return "error"
}
