package imemutest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
)

// vendorCall sends a vendor request with body as JSON (nil: no body) and
// returns the answer's body, failing t if the answer is not one JSON
// object: imemu answers every vendor request with the vendor's envelope.
func (s *Server) vendorCall(t TB, method, u string, body any) json.RawMessage {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("imemutest: encoding the body: %v", err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u, r)
	if err != nil {
		t.Fatalf("imemutest: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatalf("imemutest: %s %s: %v", method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("imemutest: %s %s: reading the answer: %v", method, req.URL.Path, err)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		t.Fatalf("imemutest: %s %s: HTTP %d, answer is not a JSON object: %v", method, req.URL.Path, resp.StatusCode, err)
	}
	return b
}

// decode decodes an answer into v, failing t if it does not fit.
func decode(t TB, what string, b json.RawMessage, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("imemutest: decoding the %s answer into %T: %v (answer %s)", what, v, err, b)
	}
}
