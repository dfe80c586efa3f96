// Package redact hides the credentials a value carries where imemu shows
// it: a callback URL such as https://user:token@app.example/im in a state
// export without ?secrets=true, or in an event.
package redact

import "net/url"

// Mask is what stands for a hidden user name or password.
const Mask = "xxxxx"

// URL returns raw with the user name and password of its userinfo each
// replaced by Mask; a URL without them, or one that does not parse, comes
// back as it is (imemu only stores URLs that parse).
func URL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(Mask, Mask)
	} else {
		u.User = url.User(Mask)
	}
	return u.String()
}
