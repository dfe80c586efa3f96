package ui_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
)

// logLines collects the server's log lines.
type logLines struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logLines) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.b.String(), s)
}

// startLoggedServer is startServer with the server's warnings kept.
func startLoggedServer(t *testing.T) (string, *store.Store, *logLines) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Memory, clock.System())
	require.NoError(t, err)
	cfg := server.Config{Fixtures: fixtures.Default()}
	require.NoError(t, st.ReplaceApps(ctx, cfg.Fixtures, nil))
	done := make(chan struct{})
	cfg.Done = done
	logs := &logLines{}
	srv := httptest.NewServer(server.NewServer(slog.New(slog.NewTextHandler(logs, nil)), cfg, st, clock.System()))
	t.Cleanup(func() {
		close(done)
		srv.Close()
		st.Close()
	})
	return srv.URL, st, logs
}

// attackPage is a page of another origin that tries what a hostile site
// would: no-cors POSTs with text/plain bodies (no preflight needed) to
// reset imemu, plant a fault and create an app, and a form POST.
const attackPage = `<!doctype html><title>attack</title>
<form id="f" method="POST" enctype="text/plain" target="sink"><input name='{"vendor":"zego","appId":777,"x":"' value='"}'></form>
<iframe name="sink"></iframe>
<script>
const target = new URLSearchParams(location.search).get('t');
const post = (path, body) => fetch(target + path, {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'}, body});
document.getElementById('f').action = target + '/_mock/apps';
document.getElementById('f').submit();
Promise.allSettled([
  post('/_mock/reset', ''),
  post('/_mock/faults', JSON.stringify({vendor: 'zego', code: 660000001})),
  post('/_mock/apps', JSON.stringify({vendor: 'tim', appId: 1400000777})),
  post('/_mock/clock', JSON.stringify({freeze: true})),
]).then(() => { document.title = 'done'; });
</script>`

// The dashboard works under localhost as under 127.0.0.1, and a page of
// another origin (another site, or the same host on another port) cannot
// change anything through the browser.
func TestDashboardOrigins(t *testing.T) {
	browser := newBrowser(t)

	t.Run("Localhost", func(t *testing.T) {
		base, st, logs := startLoggedServer(t)
		base = strings.Replace(base, "127.0.0.1", "localhost", 1)
		tb := newTab(t, browser)
		tb.do("open the apps under localhost",
			chromedp.Navigate(base+"/_mock/ui/#apps"),
			chromedp.WaitVisible(chromedp.CSS(`#apps-body tr[data-app="zego/1234567890"]`)))
		tb.do("create an app",
			chromedp.SetValue(chromedp.CSS(`#app-form select[name="vendor"]`), "tim"),
			chromedp.SendKeys(chromedp.CSS(`#app-form input[name="appId"]`), "1400000124"),
			chromedp.SendKeys(chromedp.CSS(`#app-form input[name="users"]`), "ann, ben"),
			chromedp.Click(chromedp.CSS(`#app-form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#apps-body tr[data-app="tim/1400000124"]`)))
		_, err := st.Tenant(context.Background(), imemu.AppKey{Vendor: imemu.VendorTIM, AppID: 1400000124})
		assert.NoError(t, err)
		assert.Empty(t, tb.pageErrors(), "JavaScript errors on the page")
		assert.Zero(t, logs.count("browser request refused"))
	})

	for _, c := range []struct{ name, from, to string }{
		{"CrossSitePage", "127.0.0.1", "localhost"}, // another site
		{"SameSitePage", "127.0.0.1", "127.0.0.1"},  // the same host on another port: same-site, not same-origin
	} {
		t.Run(c.name, func(t *testing.T) {
			base, st, logs := startLoggedServer(t)
			target := strings.Replace(base, "127.0.0.1", c.to, 1)
			before, err := st.ExportApps(context.Background(), nil)
			require.NoError(t, err)
			evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				_, _ = io.WriteString(w, attackPage)
			}))
			t.Cleanup(evil.Close)
			page := strings.Replace(evil.URL, "127.0.0.1", c.from, 1) + "/?t=" + target
			tb := newTab(t, browser)
			tb.do("open the hostile page", chromedp.Navigate(page))
			assert.True(t, get(tb, "wait for its requests", chromedp.Poll[bool](`document.title === 'done'`)))
			after, err := st.ExportApps(context.Background(), nil)
			require.NoError(t, err)
			assert.Equal(t, before, after, "a page of another origin changed the state")
			// Whatever reached the server was refused by it, not only by
			// the browser; the form is a top-level-like POST of its own.
			assert.GreaterOrEqual(t, logs.count("browser request refused"), 4, fmt.Sprintf("refusals logged from %s to %s", c.from, c.to))
		})
	}
}
