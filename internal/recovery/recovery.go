// Package recovery turns a handler's panic into an answer of the route's
// own kind (a vendor envelope, a control-plane error), so no route ever
// answers with net/http's bare 500 or a closed connection.
package recovery

import "net/http"

// Middleware calls answer with the panic value when a handler below it
// panics. http.ErrAbortHandler is passed on: net/http uses it to abort a
// response on purpose.
func Middleware(answer func(w http.ResponseWriter, r *http.Request, v any)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					answer(w, r, v)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}
