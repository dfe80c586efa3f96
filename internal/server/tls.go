package server

import "net/http"

// handleCACert answers GET /_mock/tls/ca.pem: the local CA certificate that
// the HTTPS listener's certificate chains to, for clients to trust. It is
// public (a certificate, not a key), so it needs no token, like health.
func (s *server) handleCACert() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if len(s.cfg.CACertPEM) == 0 {
			writeControlError(w, http.StatusNotFound, "", "TLS is off: start mockserver with --tls-addr to serve HTTPS with a certificate from its local CA")
			return
		}
		w.Header().Set("Content-Type", "application/x-pem-file")
		w.Header().Set("Content-Disposition", `inline; filename="imemu-ca.pem"`)
		_, _ = w.Write(s.cfg.CACertPEM)
	}
}
