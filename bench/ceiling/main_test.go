package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRoutesAnswerTheCapturedBodies(t *testing.T) {
	h := routes(map[string][]byte{
		"zego-DeleteFriends":   []byte(`{"Code":0}`),
		"tim-sns-friend_check": []byte(`{"ErrorCode":0}`),
	})
	for target, want := range map[string]string{
		"/?Action=DeleteFriends&AppId=1": `{"Code":0}`,
		"/v4/sns/friend_check?x=1":       `{"ErrorCode":0}`,
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, target, strings.NewReader(`{"a":1}`)))
		assert.Equal(t, http.StatusOK, w.Code, target)
		assert.Equal(t, want, w.Body.String(), target)
		assert.Equal(t, "application/json; charset=utf-8", w.Header().Get("Content-Type"))
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/?Action=Unknown", nil))
	assert.Equal(t, http.StatusNotFound, w.Code)
}
