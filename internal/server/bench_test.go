package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/imemu/imemu"
)

// BenchmarkNewEntry measures what recording costs every vendor request: a
// TIM friend_check with its answer, as the journal middleware keeps it.
func BenchmarkNewEntry(b *testing.B) {
	body := []byte(`{"From_Account":"u000001","To_Account":["u000002","u000003","u000004","u000005","u000006"],"CheckType":"CheckResult_Type_Both"}`)
	answer := `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"ResultItem":[` + strings.Repeat(`{"To_Account":"u000002","Relation":"CheckResult_Type_BothWay","ResultCode":0,"ResultInfo":""},`, 4) + `{"To_Account":"u000002","Relation":"CheckResult_Type_BothWay","ResultCode":0,"ResultInfo":""}],"Fail_Account":[]}`
	r := httptest.NewRequest(http.MethodPost, "/v4/sns/friend_check?sdkappid=1400000000&identifier=admin&usersig=eJyrVgrxCdZLrSjILEpVsjI0MDAwMDI1MTE1NNBRKi5NSswpSS0CiRoYmhhaGBiYGBgYmOkoFGfmpQNlKsvyQQKGhgYmRmbm5kYGBkYmllYWRkYmxgbGpgYWRkZGSrUAAEyoHKI&random=12345&contenttype=json", nil)
	call := &vendorCall{vendor: imemu.VendorTIM, body: body}
	cw := &captureWriter{ResponseWriter: httptest.NewRecorder()}
	cw.Write([]byte(answer))
	for b.Loop() {
		newEntry(call, r, cw, time.Time{}, 0)
	}
}
