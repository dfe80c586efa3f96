package redact_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imemu/imemu/internal/redact"
)

func TestURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://app.example/im?x=1":           "https://app.example/im?x=1",
		"https://user:s3cret@app.example/im":   "https://xxxxx:xxxxx@app.example/im",
		"http://tokenonly@app.example:8080/cb": "http://xxxxx@app.example:8080/cb",
		"":                                     "",
		"::not a url":                          "::not a url",
	} {
		assert.Equal(t, want, redact.URL(in), in)
	}
}
