package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/signature"
	"github.com/imemu/imemu/internal/tlsca"
)

var httpsLine = regexp.MustCompile(`https=https://(\S+) ca=(\S+)`)

// vendorClient is an https client that trusts roots and dials every host
// name at addr, as a client does whose DNS (or /etc/hosts, or
// --add-host) maps the vendor's host to imemu.
func vendorClient(roots *x509.CertPool, addr string) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			TLSClientConfig: &tls.Config{RootCAs: roots},
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return dialer.DialContext(ctx, network, addr)
			},
		},
	}
}

// TestTLSServesTheVendorHosts starts mockserver with --tls-addr and calls
// it as an SDK that hard-codes the vendor's https URL would: by host name,
// verifying the chain against the local CA.
func TestTLSServesTheVendorHosts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tls")
	s := startRun(t, map[string]string{"MOCKSERVER_TLS_DIR": dir}, "--tls-addr", "127.0.0.1:0", "--tls-names", "imemu.internal, 10.9.8.7")
	m := httpsLine.FindStringSubmatch(s.banner)
	require.NotNil(t, m, "start-up line %q names the https address and the CA", s.banner)
	tlsAddr, caPath := m[1], m[2]
	assert.Equal(t, filepath.Join(dir, tlsca.CertFile), caPath)

	// The CA three ways: the file, the control plane, the subcommand.
	caFile, err := os.ReadFile(caPath)
	require.NoError(t, err)
	code, served := get(t, s.url+"/_mock/tls/ca.pem")
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, string(caFile), served)
	var printed strings.Builder
	require.NoError(t, run(context.Background(), []string{"mockserver", "ca", "--tls-dir", dir}, noEnv, &printed, io.Discard))
	assert.Equal(t, string(caFile), printed.String(), "mockserver ca prints the same CA")

	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(caFile))
	root, err := x509.ParseCertificate(mustPEM(t, caFile))
	require.NoError(t, err)
	client := vendorClient(roots, tlsAddr)

	now := time.Now().Unix()
	for _, host := range tlsca.ZegoHosts {
		t.Run(host, func(t *testing.T) {
			u := fmt.Sprintf("https://%s/?Action=QueryFriendList&AppId=1234567890&SignatureNonce=n1&Timestamp=%d&SignatureVersion=2.0&Signature=%s&FromUserId=alice",
				host, now, signature.ZegoSign(1234567890, "n1", "0123456789abcdef0123456789abcdef", now))
			resp, err := client.Get(u)
			require.NoError(t, err)
			defer resp.Body.Close()
			checkChain(t, resp, host, root)
			var answer struct{ Code, TotalCount int }
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&answer))
			assert.Equal(t, 0, answer.Code)
			assert.Equal(t, 3, answer.TotalCount, "alice's three friends")
		})
	}
	sig, err := signature.GenUserSig(defaultTIMAppID, defaultTIMKey, defaultTIMAdmin, 3600, now)
	require.NoError(t, err)
	for _, host := range append(tlsca.TIMHosts, "imemu.internal", "localhost", "127.0.0.1", "10.9.8.7") {
		t.Run(host, func(t *testing.T) {
			u := fmt.Sprintf("https://%s/v4/sns/friend_check?sdkappid=%d&identifier=%s&usersig=%s&random=1&contenttype=json",
				net.JoinHostPort(host, "443"), defaultTIMAppID, defaultTIMAdmin, sig)
			resp, err := client.Post(u, "application/json", strings.NewReader(`{"From_Account":"alice","To_Account":["bob"],"CheckType":"CheckResult_Type_Both"}`))
			require.NoError(t, err)
			defer resp.Body.Close()
			checkChain(t, resp, host, root)
			var answer struct {
				ErrorCode int
				InfoItem  []struct{ Relation string }
			}
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&answer))
			assert.Equal(t, 0, answer.ErrorCode)
			require.Len(t, answer.InfoItem, 1)
			assert.Equal(t, "CheckResult_Type_BothWay", answer.InfoItem[0].Relation)
		})
	}

	t.Run("sign answers an https URL on the vendor host", func(t *testing.T) {
		resp, err := client.Post("https://zim-api.zego.im/_mock/sign", "application/json", strings.NewReader(`{"vendor":"zego","app":1234567890,"action":"QueryFriendList"}`))
		require.NoError(t, err)
		defer resp.Body.Close()
		var signed struct{ URL, Path string }
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&signed))
		assert.Equal(t, "https://zim-api.zego.im"+signed.Path, signed.URL)
		answer, err := client.Get(signed.URL + "&FromUserId=alice")
		require.NoError(t, err)
		defer answer.Body.Close()
		var got struct{ Code, TotalCount int }
		require.NoError(t, json.NewDecoder(answer.Body).Decode(&got))
		assert.Equal(t, 0, got.Code)
	})
	t.Run("a name the certificate does not hold", func(t *testing.T) {
		_, err := client.Get("https://example.com/_mock/health")
		var hostErr x509.HostnameError
		assert.ErrorAs(t, err, &hostErr)
	})
	t.Run("a client that does not trust the CA", func(t *testing.T) {
		_, err := vendorClient(x509.NewCertPool(), tlsAddr).Get("https://zim-api.zego.im/_mock/health")
		var authErr x509.UnknownAuthorityError
		assert.ErrorAs(t, err, &authErr)
	})

	// A second start on the same directory keeps the CA: clients trust it once.
	require.NoError(t, s.wait(t))
	again := startRun(t, map[string]string{"MOCKSERVER_TLS_ADDR": "127.0.0.1:0"}, "--tls-dir", dir)
	m = httpsLine.FindStringSubmatch(again.banner)
	require.NotNil(t, m, "MOCKSERVER_TLS_ADDR turns TLS on: %q", again.banner)
	resp, err := vendorClient(roots, m[1]).Get("https://console.tim.qq.com/_mock/health")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

// checkChain asserts that resp came over TLS with a chain for host that
// ends at root.
func checkChain(t *testing.T, resp *http.Response, host string, root *x509.Certificate) {
	t.Helper()
	require.NotNil(t, resp.TLS, "answered over TLS")
	require.NotEmpty(t, resp.TLS.VerifiedChains)
	chain := resp.TLS.VerifiedChains[0]
	require.Len(t, chain, 2, "server certificate, then the root")
	assert.NoError(t, chain[0].VerifyHostname(host))
	assert.True(t, chain[1].Equal(root), "the chain ends at imemu's CA")
}

func mustPEM(t *testing.T, b []byte) []byte {
	t.Helper()
	blk, _ := pem.Decode(b)
	require.NotNil(t, blk, "PEM in %q", b)
	return blk.Bytes
}

func TestTLSOff(t *testing.T) {
	s := startRun(t, nil)
	assert.NotContains(t, s.banner, "https=")
	code, body := get(t, s.url+"/_mock/tls/ca.pem")
	assert.Equal(t, http.StatusNotFound, code)
	assert.Contains(t, body, "--tls-addr")
}

func TestTLSBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--tls-addr", "127.0.0.1:0", "--tls-names", "bad name"}, `--tls-names: "bad name" is neither a DNS name nor an IP address`},
		{[]string{"--tls-addr", "127.0.0.1:0", "--tls-names", "-x.example"}, "neither a DNS name"},
		{[]string{"--tls-addr", "nonsense", "--tls-dir", "DIR"}, "listen (TLS)"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			args := []string{"mockserver", "--addr", "127.0.0.1:0"}
			for _, a := range tc.args {
				args = append(args, strings.ReplaceAll(a, "DIR", t.TempDir()))
			}
			err := run(context.Background(), args, noEnv, io.Discard, io.Discard)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
