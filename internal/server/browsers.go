package server

import (
	"bytes"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// A web page open in the developer's browser can send requests to
// 127.0.0.1:8080 too: a cross-site form or fetch (CSRF) could reset imemu,
// plant faults or create apps, and a page whose own host name is made to
// resolve to 127.0.0.1 (DNS rebinding) could even read the answers, secrets
// included. The control plane therefore judges a request that carries
// browser headers (Origin or Sec-Fetch-Site) by its Host and Origin:
//
//   - its Host must be one imemu answers browsers for (hostPolicy): a
//     rebinding page's requests carry the attacker's host name;
//   - its Origin, when there is one, must be that same host;
//   - a request that changes something must be same-origin by
//     net/http's CrossOriginProtection (Sec-Fetch-Site, else Origin);
//   - a read must not be a cross-site subresource load (an <img> or
//     <script> of another site); a navigation, a link followed, is fine.
//
// Requests without browser headers (curl, test code, another container
// calling http://imemu:8080) are served as before: no token, no flag.
// Vendor routes are not judged at all: they need valid signatures, and the
// vendors' SDKs call them from servers, not pages.

// hostPolicy is the Host headers imemu serves browsers under.
type hostPolicy struct {
	names     map[string]bool // host names, any port
	hostPorts map[string]bool // host:port pairs
}

// newHostPolicy allows, besides the loopback names and IP addresses that
// every policy allows, each of names: a host name (any port) or a
// host:port.
func newHostPolicy(names []string) hostPolicy {
	p := hostPolicy{names: map[string]bool{}, hostPorts: map[string]bool{}}
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "" {
			continue
		}
		if host, port, err := net.SplitHostPort(n); err == nil {
			p.hostPorts[normalHost(host)+":"+port] = true
		} else {
			p.names[normalHost(n)] = true
		}
	}
	return p
}

// allows reports whether a browser request for Host hostport is served:
// a loopback name (localhost, *.localhost), any IP address (DNS rebinding
// needs a name: a page at an address is its own origin), or an allowed
// name.
func (p hostPolicy) allows(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, ""
	}
	host = normalHost(strings.ToLower(host))
	switch {
	case host == "":
		return false
	case host == "localhost" || strings.HasSuffix(host, ".localhost"):
		return true
	case net.ParseIP(host) != nil:
		return true
	}
	return p.names[host] || (port != "" && p.hostPorts[host+":"+port])
}

// normalHost drops the brackets of an IPv6 literal and a trailing dot.
func normalHost(h string) string {
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"), ".")
}

// guardBrowsers applies the rules above to every /_mock/ request.
func (s *server) guardBrowsers(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin, site := r.Header.Get("Origin"), r.Header.Get("Sec-Fetch-Site")
		if origin == "" && site == "" {
			next.ServeHTTP(w, r) // not a browser
			return
		}
		if !s.hosts.allows(r.Host) {
			s.refuseBrowser(w, r, "Host", "the control plane serves browsers only under localhost, an IP address or a name given with --allowed-host; Host %q is none of them (DNS rebinding protection)", r.Host)
			return
		}
		if origin != "" && !sameHost(origin, r.Host) {
			s.refuseBrowser(w, r, "Origin", "the control plane serves browsers only from its own origin; Origin %q is not http(s)://%s", origin, r.Host)
			return
		}
		if err := cop.Check(r); err != nil {
			s.refuseBrowser(w, r, "Sec-Fetch-Site", "the control plane refuses cross-origin browser requests that change state (Sec-Fetch-Site: %s)", site)
			return
		}
		if (site == "cross-site" || site == "same-site") && r.Header.Get("Sec-Fetch-Mode") != "navigate" {
			s.refuseBrowser(w, r, "Sec-Fetch-Site", "the control plane refuses %s browser requests other than navigations", site)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sameHost reports whether origin is http(s)://host, the request's Host.
func sameHost(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" {
		return false
	}
	return strings.EqualFold(u.Host, host)
}

// refuseBrowser answers 403 and counts the refusal; no CORS headers, so a
// page cannot read even the refusal.
func (s *server) refuseBrowser(w http.ResponseWriter, r *http.Request, field, format string, args ...any) {
	s.log.WarnContext(r.Context(), "browser request refused", "method", r.Method, "path", r.URL.Path,
		"host", r.Host, "origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
	writeControlError(w, http.StatusForbidden, field, format, args...)
}

// requireJSON answers 415 to a control request with a body that is not
// application/json: an HTML form or a no-cors fetch can only send
// text/plain, multipart or urlencoded bodies without a preflight.
func requireJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && hasBody(r) {
			ct := r.Header.Get("Content-Type")
			if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
				writeControlError(w, http.StatusUnsupportedMediaType, "Content-Type",
					"control-plane bodies must be application/json, got Content-Type %q", ct)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// hasBody reports whether r has a body of at least one byte. A body of
// unknown length (chunked, as Go's client sends an empty io.Reader it
// cannot measure) is peeked at, and its first byte put back.
func hasBody(r *http.Request) bool {
	if r.ContentLength >= 0 || r.Body == nil || r.Body == http.NoBody {
		return r.ContentLength > 0
	}
	var first [1]byte
	n, err := io.ReadFull(r.Body, first[:])
	r.Body = &peekedBody{Reader: io.MultiReader(bytes.NewReader(first[:n]), errReader{err}, r.Body), Closer: r.Body}
	return n > 0
}

// peekedBody is a body with its first bytes read and put back.
type peekedBody struct {
	io.Reader
	io.Closer
}

// errReader replays the error of the peek (nil: nothing to replay).
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) {
	if e.err == nil || e.err == io.EOF || e.err == io.ErrUnexpectedEOF {
		return 0, io.EOF
	}
	return 0, e.err
}
