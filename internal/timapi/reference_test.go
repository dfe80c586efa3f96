package timapi_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// example is one request/response pair from a Tencent API page, in
// testdata/reference/, with the state it needs set up through the API.
type example struct {
	Source string
	Setup  []struct {
		Path string
		Body json.RawMessage
	}
	Path     string
	Request  json.RawMessage
	Response json.RawMessage
}

// TestReferenceExamples sends each documented request and requires the
// documented response, member for member (member order aside).
func TestReferenceExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "reference", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			require.NoError(t, err)
			var ex example
			require.NoError(t, json.Unmarshal(raw, &ex))
			e := newEnv(t)
			for _, s := range ex.Setup {
				e.postOK(s.Path, string(s.Body))
			}
			status, got := e.do(http.MethodPost, "/v4/"+ex.Path, e.query().Encode(), string(ex.Request))
			require.Equal(t, http.StatusOK, status)
			assert.JSONEq(t, string(ex.Response), string(got), "source: %s", ex.Source)
		})
	}
}
