// Package tlsca is imemu's local certificate authority: a root certificate
// and key created once in a directory and kept there, and the server
// certificate for the vendors' host names that `mockserver --tls-addr`
// serves with, issued from that root at each start.
//
// Apps whose SDK hard-codes https://console.tim.qq.com or
// https://zim-api.zego.im reach imemu by mapping the host name to imemu's
// address and trusting the root (see docs/tls.md). The certificate work
// itself — key generation, certificate templates, serial numbers, key
// identifiers, PEM encoding — is smallstep's go.step.sm/crypto (x509util,
// keyutil, pemutil), the library behind step-ca; this package only decides
// names, lifetimes and where the files live.
package tlsca
