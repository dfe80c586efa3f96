package server_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/server"
)

func TestCACertRoute(t *testing.T) {
	pemCert := []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
	for _, tc := range []struct {
		name       string
		cfg        server.Config
		wantStatus int
		wantType   string
		wantBody   string
	}{
		{"tls on", server.Config{CACertPEM: pemCert}, 200, "application/x-pem-file", string(pemCert)},
		{"tls on, token needs none", server.Config{CACertPEM: pemCert, ControlToken: "secret"}, 200, "application/x-pem-file", string(pemCert)},
		{"tls off", server.Config{}, 404, "application/json", `{"error":"TLS is off: start mockserver with --tls-addr to serve HTTPS with a certificate from its local CA"}` + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := newTestServer(t, tc.cfg)
			resp, err := validatingClient(t, srv.URL).Get(srv.URL + "/_mock/tls/ca.pem")
			require.NoError(t, err)
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			assert.Equal(t, tc.wantStatus, resp.StatusCode)
			assert.Contains(t, resp.Header.Get("Content-Type"), tc.wantType)
			assert.Equal(t, tc.wantBody, string(b))
		})
	}
	srv, _ := newTestServer(t, server.Config{CACertPEM: pemCert})
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/_mock/tls/ca.pem", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}
