// Package timapi emulates Tencent Cloud IM's REST API: POST
// /v4/<service>/<command>?sdkappid=…&identifier=…&usersig=…&random=…&contenttype=json.
// It owns TIM's codes table, request types, validation and handlers; every
// answer is HTTP 200 with TIM's envelope
// {"ActionStatus","ErrorCode","ErrorInfo","ErrorDisplay",…}.
package timapi
