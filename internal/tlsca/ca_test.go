package tlsca

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func TestLoadCreatesOnceAndKeeps(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "tls")
	ca, err := Load(dir, now)
	require.NoError(t, err)
	assert.True(t, ca.Cert.IsCA)
	assert.Equal(t, Name, ca.Cert.Subject.CommonName)
	assert.Equal(t, now.Add(-backdate), ca.Cert.NotBefore)
	assert.Equal(t, now.Add(caLifetime), ca.Cert.NotAfter)

	pemFile, err := os.ReadFile(filepath.Join(dir, CertFile))
	require.NoError(t, err)
	assert.Equal(t, ca.CertPEM(), pemFile, "ca.pem is the root certificate")
	assert.Equal(t, filepath.Join(dir, CertFile), ca.CertPath())
	for name, perm := range map[string]os.FileMode{KeyFile: 0o600, CertFile: 0o644, ".": 0o755} {
		st, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, perm, st.Mode().Perm(), name)
	}

	again, err := Load(dir, now.Add(48*time.Hour))
	require.NoError(t, err)
	assert.True(t, ca.Cert.Equal(again.Cert), "the second start keeps the CA")

	require.NoError(t, os.Remove(filepath.Join(dir, CertFile)))
	_, err = Load(dir, now)
	require.NoError(t, err)
	pemFile, err = os.ReadFile(filepath.Join(dir, CertFile))
	require.NoError(t, err)
	assert.Equal(t, ca.CertPEM(), pemFile, "a deleted ca.pem is written again from the key file")
}

// Servers starting together on one directory end up with one CA.
func TestConcurrentLoadsAgree(t *testing.T) {
	dir := t.TempDir()
	cas := make([]*CA, 8)
	var wg sync.WaitGroup
	for i := range cas {
		wg.Go(func() {
			ca, err := Load(dir, now)
			assert.NoError(t, err)
			cas[i] = ca
		})
	}
	wg.Wait()
	for _, ca := range cas[1:] {
		require.NotNil(t, ca)
		assert.True(t, cas[0].Cert.Equal(ca.Cert))
	}
	left, err := filepath.Glob(filepath.Join(dir, ".tmp-*"))
	require.NoError(t, err)
	assert.Empty(t, left, "no temporary file left behind")
}

func TestLoadRejectsABrokenKeyFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, KeyFile), []byte("not PEM"), 0o600))
	_, err := Load(dir, now)
	assert.ErrorContains(t, err, "delete the directory to make a new CA")

	_, err = Load("", now)
	assert.Error(t, err)
}

func TestIssueCoversTheVendorHosts(t *testing.T) {
	ca, err := Load(t.TempDir(), now)
	require.NoError(t, err)
	names := append(DefaultNames(), "imemu.internal")
	cert, err := ca.Issue(names, now)
	require.NoError(t, err)
	leaf := cert.Leaf
	assert.False(t, leaf.IsCA)
	assert.Equal(t, now.Add(leafLifetime), leaf.NotAfter)
	assert.Contains(t, leaf.ExtKeyUsage, x509.ExtKeyUsageServerAuth)

	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	for _, host := range append(names, "zim-api-fra.zego.im", "adminapisgp.im.qcloud.com", "::1") {
		_, err := leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: roots, CurrentTime: now})
		assert.NoError(t, err, host)
	}
	_, err = leaf.Verify(x509.VerifyOptions{DNSName: "example.com", Roots: roots, CurrentTime: now})
	assert.Error(t, err, "only the names asked for")

	_, err = ca.Issue(nil, now)
	assert.Error(t, err)
}

// A server certificate never outlives its root.
func TestIssueStopsAtTheRoot(t *testing.T) {
	ca, err := Load(t.TempDir(), now)
	require.NoError(t, err)
	late := ca.Cert.NotAfter.Add(-24 * time.Hour)
	cert, err := ca.Issue([]string{"localhost"}, late)
	require.NoError(t, err)
	assert.Equal(t, ca.Cert.NotAfter, cert.Leaf.NotAfter)
}
