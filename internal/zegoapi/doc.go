// Package zegoapi emulates ZEGO ZIM's server API: POST/GET
// /?Action=<Name>&<public params>. It owns ZEGO's codes table, request
// types, validation and handlers; every answer is HTTP 200 with ZEGO's
// envelope {"Code","Message","RequestId",…}.
package zegoapi
