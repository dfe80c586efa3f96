package tlsca

import (
	"bytes"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"go.step.sm/crypto/keyutil"
	"go.step.sm/crypto/pemutil"
	"go.step.sm/crypto/x509util"
)

const (
	// CertFile is the root certificate in PEM, the file clients trust.
	CertFile = "ca.pem"
	// KeyFile holds the root's private key and its certificate in PEM.
	// It is the CA's single source of truth, created exclusively, so two
	// servers starting at once on one directory agree on one CA.
	KeyFile = "ca-key.pem"

	// Name is the root's common name.
	Name = "imemu local CA"

	// caLifetime is long: the CA is trusted once and kept.
	caLifetime = 10 * 365 * 24 * time.Hour
	// leafLifetime stays under the 398 days clients accept for a server
	// certificate; a new one is issued at every start.
	leafLifetime = 397 * 24 * time.Hour
	// backdate tolerates a client clock a little behind the server's.
	backdate = time.Hour
)

// CA is imemu's local certificate authority.
type CA struct {
	// Cert is the root certificate.
	Cert    *x509.Certificate
	signer  crypto.Signer
	certPEM []byte
	dir     string
}

// DefaultDir is where the CA lives unless --tls-dir says otherwise: imemu/tls
// in the per-user configuration directory (os.UserConfigDir: ~/.config on
// Linux, ~/Library/Application Support on macOS, %AppData% on Windows).
func DefaultDir() (string, error) {
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no per-user config directory for the local CA (%v); give one with --tls-dir", err)
	}
	return filepath.Join(d, "imemu", "tls"), nil
}

// Load returns the CA kept in dir, creating dir and the CA first when
// there is none. now is the wall-clock time a new CA starts at. The
// directory is world-readable, as ca.pem is meant to be shared (a
// container's users read it from a volume); ca-key.pem is the owner's only.
func Load(dir string, now time.Time) (*CA, error) {
	if dir == "" {
		return nil, errors.New("no directory for the local CA")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("local CA directory: %w", err)
	}
	keyPath := filepath.Join(dir, KeyFile)
	ca, err := read(keyPath)
	if errors.Is(err, fs.ErrNotExist) {
		if err = create(dir, keyPath, now); err == nil {
			ca, err = read(keyPath)
		}
	}
	if err != nil {
		return nil, err
	}
	ca.dir = dir
	if err := ca.writeCert(); err != nil {
		return nil, err
	}
	return ca, nil
}

// CertPEM returns the root certificate in PEM, as in CertFile.
func (c *CA) CertPEM() []byte { return bytes.Clone(c.certPEM) }

// CertPath returns the path of CertFile.
func (c *CA) CertPath() string { return filepath.Join(c.dir, CertFile) }

// read parses KeyFile: one private key block and the root certificate.
func read(keyPath string) (*CA, error) {
	b, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, err
	}
	var keyDER []byte
	var cert *x509.Certificate
	for rest := b; ; {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		switch {
		case blk.Type == "CERTIFICATE" && cert == nil:
			if cert, err = x509.ParseCertificate(blk.Bytes); err != nil {
				return nil, fmt.Errorf("local CA %s: %w", keyPath, err)
			}
		case keyDER == nil && bytes.HasSuffix([]byte(blk.Type), []byte("PRIVATE KEY")):
			keyDER = pem.EncodeToMemory(blk)
		}
	}
	if cert == nil || keyDER == nil {
		return nil, fmt.Errorf("local CA %s: want a private key and a certificate in PEM; delete the directory to make a new CA", keyPath)
	}
	key, err := pemutil.ParseKey(keyDER)
	if err != nil {
		return nil, fmt.Errorf("local CA %s: %w", keyPath, err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("local CA %s: the key cannot sign", keyPath)
	}
	if err := keyutil.VerifyPair(cert.PublicKey, signer); err != nil {
		return nil, fmt.Errorf("local CA %s: the key is not the certificate's: %w", keyPath, err)
	}
	return &CA{Cert: cert, signer: signer, certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})}, nil
}

// create makes a new root and links it into keyPath, which fails if
// another process made one first: then that one is the CA.
func create(dir, keyPath string, now time.Time) error {
	signer, err := keyutil.GenerateDefaultSigner()
	if err != nil {
		return fmt.Errorf("local CA key: %w", err)
	}
	cr, err := x509util.CreateCertificateRequest(Name, nil, signer)
	if err != nil {
		return fmt.Errorf("local CA: %w", err)
	}
	crt, err := x509util.NewCertificate(cr, x509util.WithTemplate(x509util.DefaultRootTemplate, x509util.CreateTemplateData(Name, nil)))
	if err != nil {
		return fmt.Errorf("local CA: %w", err)
	}
	tmpl := crt.GetCertificate()
	tmpl.NotBefore = now.Add(-backdate)
	tmpl.NotAfter = now.Add(caLifetime)
	root, err := x509util.CreateCertificate(tmpl, tmpl, signer.Public(), signer)
	if err != nil {
		return fmt.Errorf("local CA: %w", err)
	}
	keyBlock, err := pemutil.Serialize(signer)
	if err != nil {
		return fmt.Errorf("local CA key: %w", err)
	}
	data := append(pem.EncodeToMemory(keyBlock), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root.Raw})...)
	tmp, err := writeTemp(dir, data, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, keyPath); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("local CA: %w", err)
	}
	return nil
}

// writeCert (re)writes CertFile from the CA when it differs, atomically.
func (c *CA) writeCert() error {
	path := c.CertPath()
	if b, err := os.ReadFile(path); err == nil && bytes.Equal(b, c.certPEM) {
		return nil
	}
	tmp, err := writeTemp(c.dir, c.certPEM, 0o644)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("local CA certificate: %w", err)
	}
	return nil
}

func writeTemp(dir string, data []byte, perm os.FileMode) (string, error) {
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return "", fmt.Errorf("local CA: %w", err)
	}
	name := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", fmt.Errorf("local CA: %w", err)
	}
	return name, nil
}

// Issue returns a server certificate for names (DNS names or IP
// addresses), signed by the root, valid from now for about a year (never
// past the root), with a fresh key.
func (c *CA) Issue(names []string, now time.Time) (tls.Certificate, error) {
	if len(names) == 0 {
		return tls.Certificate{}, errors.New("a server certificate needs at least one name")
	}
	signer, err := keyutil.GenerateDefaultSigner()
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("server key: %w", err)
	}
	cr, err := x509util.CreateCertificateRequest(names[0], names, signer)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("server certificate: %w", err)
	}
	crt, err := x509util.NewCertificate(cr, x509util.WithTemplate(x509util.DefaultLeafTemplate, x509util.CreateTemplateData(names[0], names)))
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("server certificate: %w", err)
	}
	tmpl := crt.GetCertificate()
	tmpl.NotBefore = now.Add(-backdate)
	tmpl.NotAfter = now.Add(leafLifetime)
	if tmpl.NotAfter.After(c.Cert.NotAfter) {
		tmpl.NotAfter = c.Cert.NotAfter
	}
	leaf, err := x509util.CreateCertificate(tmpl, c.Cert, signer.Public(), c.signer)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("server certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{leaf.Raw}, PrivateKey: signer, Leaf: leaf}, nil
}
