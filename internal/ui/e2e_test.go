package ui_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/signature"
	"github.com/imemu/imemu/internal/store"
)

// These tests drive the dashboard in Debian's headless Chromium against a
// real server (in-process, default fixtures, the system clock). They skip
// where no chromium is installed; CI installs it and sets
// IMEMU_REQUIRE_CHROMIUM=1, which turns the skip into a failure. With
// IMEMU_SCREENSHOT=<file.png>, TryItDeletesAFriend saves the dashboard
// right after its delete (docs/dashboard.png is made that way).

// stepTimeout bounds each wait for the page, generously for a busy CI
// machine; the whole test takes a few seconds.
const stepTimeout = 20 * time.Second

// chromiumPath finds Debian's chromium.
func chromiumPath() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// newBrowser starts a headless Chromium for the test and returns its
// context; every chromedp.NewContext from it is a new tab.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" && os.Getenv("IMEMU_REQUIRE_CHROMIUM") != "" {
		t.Fatal("IMEMU_REQUIRE_CHROMIUM is set but chromium is not installed (neither /usr/bin/chromium nor chromium in PATH): apt-get install -y chromium")
	}
	if path == "" {
		t.Skip("chromium not found (neither /usr/bin/chromium nor chromium in PATH): install Debian's chromium (apt-get install -y chromium) to run the dashboard's browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		closing, stop := context.WithTimeout(ctx, 10*time.Second)
		defer stop()
		_ = chromedp.Cancel(closing) // close the browser gracefully, and wait for it
		cancel()
		cancelAlloc()
	})
	require.NoError(t, chromedp.Do(ctx), "starting %s", path)
	return ctx
}

// tab is one browser tab. It records the page's uncaught exceptions and
// console errors, which the tests check.
type tab struct {
	t    *testing.T
	ctx  context.Context
	mu   sync.Mutex
	errs []string
}

func newTab(t *testing.T, browser context.Context) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	tb := &tab{t: t, ctx: ctx}
	messages := chromedp.Console(ctx) // opens the tab and subscribes
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				tb.mu.Lock()
				tb.errs = append(tb.errs, m.String())
				tb.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return tb
}

// do performs actions as one named step, failing the test with what the
// page shows when they do not complete in stepTimeout.
func (tb *tab) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.fail(step, err)
	}
}

// fail ends the test with the page's errors and text.
func (tb *tab) fail(step string, err error) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
	defer cancel()
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 3000) : ""`))
	tb.t.Fatalf("%s: %v\npage errors: %v\npage text:\n%s", step, err, tb.pageErrors(), text)
}

// get runs one action that returns a value.
func get[T any](tb *tab, step string, a chromedp.Action[T]) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.fail(step, err)
	}
	return v
}

func (tb *tab) pageErrors() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.errs...)
}

// startServer runs imemu in process with the default fixtures.
func startServer(t *testing.T, cfg server.Config) (string, *store.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Memory, clock.System())
	require.NoError(t, err)
	cfg.Fixtures = fixtures.Default()
	require.NoError(t, st.ReplaceApps(ctx, cfg.Fixtures, nil))
	done := make(chan struct{})
	cfg.Done = done
	srv := httptest.NewServer(server.NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), cfg, st, clock.System()))
	t.Cleanup(func() {
		close(done) // end the page's event streams, or Close waits for them
		srv.Close()
		st.Close()
	})
	return srv.URL, st
}

// zegoURL is a signed URL of action for the ZEGO fixtures app.
func zegoURL(base, action string) string {
	ts := time.Now().Unix()
	q := url.Values{"Action": {action}, "AppId": {"1234567890"}, "SignatureNonce": {"0123456789abcdef"},
		"Timestamp": {fmt.Sprint(ts)}, "SignatureVersion": {"2.0"},
		"Signature": {signature.ZegoSign(1234567890, "0123456789abcdef", "0123456789abcdef0123456789abcdef", ts)}}
	return base + "/?" + q.Encode()
}

// lists reports whether owner lists friend in the ZEGO fixtures app.
func lists(t *testing.T, st *store.Store, owner, friend string) bool {
	t.Helper()
	ctx := context.Background()
	tenant, err := st.Tenant(ctx, imemu.AppKey{Vendor: imemu.VendorZego, AppID: 1234567890})
	require.NoError(t, err)
	got, err := st.Friends(ctx, tenant.ID, owner, 0, 1000)
	require.NoError(t, err)
	for _, f := range got.Friends {
		if f.ID == friend {
			return true
		}
	}
	return false
}

func TestDashboard(t *testing.T) {
	browser := newBrowser(t)

	t.Run("TryItDeletesAFriend", func(t *testing.T) {
		base, st := startServer(t, server.Config{})
		tb := newTab(t, browser)
		const (
			twoWay    = `#graph g.edge.two-way[data-from="alice"][data-to="bob"]`
			oneWay    = `#graph g.edge.one-way[data-from="bob"][data-to="alice"]`
			journaled = `#journal-body tr[data-vendor="zego"][data-api="DeleteFriends"][data-code="0"]`
			event     = `#events-body tr[data-kind="zego.friendListChanged"][data-target="alice"]`
		)
		tb.do("open the dashboard on the ZEGO app",
			chromedp.EmulateViewport(1440, 900), // a laptop screen, and the screenshot's size
			chromedp.Navigate(base+"/_mock/ui/#friends?app=zego/1234567890&user=alice"),
			chromedp.WaitVisible(chromedp.CSS(twoWay)),
			chromedp.WaitVisible(chromedp.CSS(`#graph g.edge.one-way[data-from="erin"][data-to="alice"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#live.state-live`)))
		assert.Equal(t, "alice", get(tb, "read From", chromedp.Value(chromedp.CSS(`#try-from`))), "From follows the chosen user")

		// A GET action first: its own parameters follow the signed ones.
		tb.do("query alice's friend list",
			chromedp.Click(chromedp.CSS(`#try-op button[data-op="list"]`)),
			chromedp.Click(chromedp.CSS(`#try-send`)),
			chromedp.WaitVisible(chromedp.CSS(`#try-result[data-seq="1"] .answer-code.ok`)))
		assert.Contains(t, get(tb, "read the answer", chromedp.TextContent(chromedp.CSS(`#try-result`))), `"FriendInfos"`)

		tb.do("delete frank, whom alice does not list",
			chromedp.Click(chromedp.CSS(`#try-op button[data-op="delete"]`)),
			chromedp.SendKeys(chromedp.CSS(`#try-targets`), "frank"),
			chromedp.Click(chromedp.CSS(`#try-send`)),
			chromedp.WaitVisible(chromedp.CSS(`#try-result[data-seq="2"] .answer-code.error`)))
		assert.Equal(t, "Code 660800034", get(tb, "read the answer", chromedp.Text(chromedp.CSS(`#try-result .answer-code`))), "not a friend")
		assert.Contains(t, get(tb, "read the change", chromedp.Text(chromedp.CSS(`#try-change`))), "No friendship changed.")

		tb.do("delete bob one-way",
			chromedp.Click(chromedp.CSS(`#try-chips button[data-user="frank"].on`)), // off
			chromedp.Click(chromedp.CSS(`#try-chips button[data-user="bob"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#try-chips button[data-user="bob"].on`)),
			chromedp.Click(chromedp.CSS(`#try-type-one`)),
			chromedp.Click(chromedp.CSS(`#try-send`)),
			chromedp.WaitVisible(chromedp.CSS(`#try-result[data-seq="3"] #try-change`)))
		assert.Equal(t, "bob", get(tb, "read the targets", chromedp.Value(chromedp.CSS(`#try-targets`))), "the chips edit the targets")
		assert.Equal(t, "Code 0", get(tb, "read the answer", chromedp.Text(chromedp.CSS(`#try-result .answer-code`))))
		change := get(tb, "read the change", chromedp.Text(chromedp.CSS(`#try-change`)))
		assert.Contains(t, change, "alice → bob")
		assert.Contains(t, change, "alice no longer lists bob")
		assert.NotContains(t, change, "bob no longer lists alice", "a one-way delete keeps bob → alice")

		tb.do("see the journal row, the event and the graph change",
			chromedp.WaitVisible(chromedp.CSS(journaled)),
			chromedp.WaitVisible(chromedp.CSS(event)),
			chromedp.WaitVisible(chromedp.CSS(oneWay)),
			chromedp.WaitNotPresent(chromedp.CSS(twoWay)))
		assert.Contains(t, get(tb, "read the journal row", chromedp.Text(chromedp.CSS(journaled))), "alice")
		assert.Equal(t, 3, get(tb, "count the journal rows", chromedp.Evaluate[int](`document.querySelectorAll('#journal-body tr').length`)))
		assert.Contains(t, get(tb, "read the event", chromedp.Text(chromedp.CSS(event))), "alice: deleted bob")
		assert.NotContains(t, get(tb, "read alice's friends", chromedp.Text(chromedp.CSS(`#friends-of`))), "bob")
		assert.False(t, lists(t, st, "alice", "bob"), "the server's state changed")
		assert.True(t, lists(t, st, "bob", "alice"))

		tb.do("open the journal row",
			chromedp.Click(chromedp.CSS(journaled)),
			chromedp.WaitVisible(chromedp.CSS(`#detail-dialog[open]`)))
		detail := get(tb, "read the journal entry", chromedp.Text(chromedp.CSS(`#detail-body`)))
		assert.Contains(t, detail, `"FromUserId": "alice"`)
		assert.Contains(t, detail, `"Code": 0`)
		assert.NotContains(t, detail, "Signature=", "the journal never keeps signatures")
		tb.do("close it",
			chromedp.Click(chromedp.CSS(`#detail-close`)),
			chromedp.WaitNotPresent(chromedp.CSS(`#detail-dialog[open]`)))

		if path := os.Getenv("IMEMU_SCREENSHOT"); path != "" {
			tb.do("settle the page", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur(); window.scrollTo(0, 0)`))
			png := get(tb, "take the screenshot", chromedp.CaptureScreenshot())
			require.NoError(t, os.WriteFile(path, png, 0o644))
			t.Logf("screenshot: %s (%d bytes)", path, len(png))
		}

		tb.do("show the whole app and centre it on bob",
			chromedp.Click(chromedp.CSS(`#graph-mode button[data-mode="all"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#graph g.node[data-user="frank"]`)), // no friends, still drawn
			chromedp.Click(chromedp.CSS(`#graph g.node[data-user="bob"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#graph g.node.rel-center[data-user="bob"]`)))
		assert.Equal(t, "bob", get(tb, "read From", chromedp.Value(chromedp.CSS(`#try-from`))))
		assert.Empty(t, tb.pageErrors(), "JavaScript errors on the page")
	})

	t.Run("BlocksAndApplications", func(t *testing.T) {
		base, st := startServer(t, server.Config{})
		ctx := context.Background()
		zego, err := st.Tenant(ctx, imemu.AppKey{Vendor: imemu.VendorZego, AppID: 1234567890})
		require.NoError(t, err)
		tim, err := st.Tenant(ctx, imemu.AppKey{Vendor: imemu.VendorTIM, AppID: 1400000000})
		require.NoError(t, err)
		_, err = st.SendApplications(ctx, zego.ID, "frank", []imemu.Application{{To: "alice", Wording: "hi"}}, store.ApplyOptions{})
		require.NoError(t, err)
		_, err = st.BlockUsers(ctx, tim.ID, "alice", []string{"bob"}, store.BlockOptions{})
		require.NoError(t, err)
		tb := newTab(t, browser)
		tb.do("open the ZEGO app: frank's application waits",
			chromedp.EmulateViewport(1440, 900),
			chromedp.Navigate(base+"/_mock/ui/#friends?app=zego/1234567890&user=alice"),
			chromedp.WaitVisible(chromedp.CSS(`#graph g.edge.pending[data-from="frank"][data-to="alice"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#applications-to li[data-user="frank"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#live.state-live`)))
		assert.Contains(t, get(tb, "read the application", chromedp.Text(chromedp.CSS(`#applications-to`))), "hi")

		// A block made through ZEGO's API appears beside the friendship,
		// with its push in the events.
		block := zegoURL(base, "AddUsersToBlacklist")
		resp, err := http.Post(block, "application/json", strings.NewReader(`{"FromUserId":"alice","UserIds":["bob"]}`))
		require.NoError(t, err)
		resp.Body.Close()
		tb.do("see the block, the friendship it keeps and the push",
			chromedp.WaitVisible(chromedp.CSS(`#graph g.edge.block[data-from="alice"][data-to="bob"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#graph g.edge.two-way[data-from="alice"][data-to="bob"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#blocks-of li[data-user="bob"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#events-body tr[data-kind="zego.blacklistChanged"][data-target="alice"]`)))
		assert.Contains(t, get(tb, "read the event", chromedp.Text(chromedp.CSS(`#events-body tr[data-kind="zego.blacklistChanged"]`))), "alice: blocked bob")

		tb.do("TIM's blocks are drawn the same way",
			chromedp.Navigate(base+"/_mock/ui/#friends?app=tim/1400000000&user=bob"),
			chromedp.WaitVisible(chromedp.CSS(`#graph g.edge.block[data-from="alice"][data-to="bob"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#blocked-by li[data-user="alice"]`)))
		assert.Empty(t, tb.pageErrors(), "JavaScript errors on the page")
	})

	t.Run("AppsFaultsClock", func(t *testing.T) {
		base, _ := startServer(t, server.Config{})
		tb := newTab(t, browser)
		const zego = `#apps-body tr[data-app="zego/1234567890"]`
		tb.do("open the apps",
			chromedp.Navigate(base+"/_mock/ui/#apps"),
			chromedp.WaitVisible(chromedp.CSS(zego)))
		assert.NotContains(t, get(tb, "read the row", chromedp.Text(chromedp.CSS(zego))), "0123456789abcdef", "hidden until revealed")
		tb.do("reveal the secret", chromedp.Click(chromedp.CSS(zego+` td.secret button`)))
		assert.Contains(t, get(tb, "read the row", chromedp.Text(chromedp.CSS(zego))), "0123456789abcdef0123456789abcdef")

		tb.do("create an app",
			chromedp.SetValue(chromedp.CSS(`#app-form select[name="vendor"]`), "tim"),
			chromedp.SendKeys(chromedp.CSS(`#app-form input[name="appId"]`), "1400000123"),
			chromedp.SendKeys(chromedp.CSS(`#app-form input[name="users"]`), "ann, ben"),
			chromedp.SendKeys(chromedp.CSS(`#app-form input[name="friends"]`), "ann-ben"),
			chromedp.Click(chromedp.CSS(`#app-form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#apps-body tr[data-app="tim/1400000123"]`)),
			chromedp.Click(chromedp.CSS(`#apps-body tr[data-app="tim/1400000123"] .row-actions button`)), // Open
			chromedp.WaitVisible(chromedp.CSS(`#graph g.edge.two-way[data-from="ann"][data-to="ben"]`)))

		tb.do("add a fault rule",
			chromedp.Click(chromedp.CSS(`#tabs a[data-view="faults"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#fault-form`)),
			chromedp.SendKeys(chromedp.CSS(`#fault-form input[name="api"]`), "sns/friend_delete"),
			chromedp.SendKeys(chromedp.CSS(`#fault-form input[name="code"]`), "30006"),
			chromedp.SendKeys(chromedp.CSS(`#fault-form input[name="times"]`), "1"),
			chromedp.Click(chromedp.CSS(`#fault-form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#faults-body tr[data-id="f1"]`)))
		assert.Contains(t, get(tb, "read the rule", chromedp.Text(chromedp.CSS(`#faults-body tr[data-id="f1"]`))), "answer 30006")
		tb.do("remove it",
			chromedp.Click(chromedp.CSS(`#faults-body tr[data-id="f1"] button`)),
			chromedp.WaitNotPresent(chromedp.CSS(`#faults-body tr[data-id="f1"]`)))

		tb.do("freeze the clock and advance it",
			chromedp.Click(chromedp.CSS(`#clock-freeze`)),
			chromedp.WaitVisible(chromedp.CSS(`#clock-chip.warn`)),
			chromedp.Click(chromedp.CSS(`#clock-advance-form button`)))
		assert.True(t, get(tb, "see it frozen and shifted", chromedp.Poll[bool](
			`document.getElementById('clock-state').textContent.startsWith('Frozen') && document.getElementById('clock-chip').textContent.includes('+')`)))
		tb.do("back to real time",
			chromedp.Click(chromedp.CSS(`#clock-reset`)),
			chromedp.WaitNotPresent(chromedp.CSS(`#clock-chip.warn`)))
		assert.Empty(t, tb.pageErrors(), "JavaScript errors on the page")
	})

	t.Run("ControlToken", func(t *testing.T) {
		base, _ := startServer(t, server.Config{ControlToken: "s3cret"})
		tb := newTab(t, browser)
		tb.do("open the dashboard: the server asks for the token",
			chromedp.Navigate(base+"/_mock/ui/"),
			chromedp.WaitVisible(chromedp.CSS(`#banner-token`)),
			chromedp.WaitVisible(chromedp.CSS(`#live.state-unauthorized`)))
		tb.do("enter the token",
			chromedp.Click(chromedp.CSS(`#banner-token`)),
			chromedp.WaitVisible(chromedp.CSS(`#token-input`)),
			chromedp.SendKeys(chromedp.CSS(`#token-input`), "s3cret"),
			chromedp.Click(chromedp.CSS(`#token-save`)),
			chromedp.WaitNotVisible(chromedp.CSS(`#banner`)),
			chromedp.WaitVisible(chromedp.CSS(`#graph g.edge.two-way`)),
			chromedp.WaitVisible(chromedp.CSS(`#live.state-live`)))
		assert.Equal(t, 2, get(tb, "count the apps", chromedp.Evaluate[int](`document.querySelectorAll('#app-select option').length`)), "both fixtures apps")

		// The 401s before the token are expected; nothing else may fail.
		for _, e := range tb.pageErrors() {
			if !strings.Contains(e, "401") {
				t.Errorf("page error: %s", e)
			}
		}
	})
}
