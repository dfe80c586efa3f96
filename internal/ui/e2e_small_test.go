package ui_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/server"
)

// call makes one signed vendor request through POST /_mock/sign, as a
// backend would, so that the journal and the events have rows.
func call(t *testing.T, base, sign, body string) {
	t.Helper()
	resp, err := http.Post(base+"/_mock/sign", "application/json", strings.NewReader(sign))
	require.NoError(t, err)
	var signed struct{ URL string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&signed))
	resp.Body.Close()
	resp, err = http.Post(signed.URL, "application/json", strings.NewReader(body))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

// TestDashboardSmallWindow opens the dashboard as a new user does, with
// no location hash, in an 800 px window on a server that other apps'
// traffic also reaches: it opens on the first app, nothing runs off the
// side, and the journal and events show the chosen app's rows unless
// "all apps" is ticked.
func TestDashboardSmallWindow(t *testing.T) {
	browser := newBrowser(t)
	base, _ := startServer(t, server.Config{})
	call(t, base, `{"vendor":"zego","app":1234567890,"action":"DeleteFriends"}`, `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":1}`)
	call(t, base, `{"vendor":"tim","app":1400000000,"api":"sns/friend_check"}`, `{"From_Account":"alice","To_Account":["bob"],"CheckType":"CheckResult_Type_Both"}`)

	tb := newTab(t, browser)
	const (
		zegoRow   = `#journal-body tr[data-app="zego/1234567890"]`
		timRow    = `#journal-body tr[data-app="tim/1400000000"]`
		zegoEvent = `#events-body tr[data-app="zego/1234567890"]`
	)
	tb.do("open the dashboard in an 800 px window",
		chromedp.EmulateViewport(800, 700),
		chromedp.Navigate(base+"/_mock/ui/"),
		chromedp.WaitVisible(chromedp.CSS(`#graph g.edge`)),
		chromedp.WaitVisible(chromedp.CSS(`#live.state-live`)),
		chromedp.WaitReady(chromedp.CSS(zegoRow)),
		chromedp.WaitReady(chromedp.CSS(zegoEvent)))
	first := get(tb, "read the first app", chromedp.Evaluate[string](`document.querySelector('#app-select option').value`))
	assert.Equal(t, "tim/1400000000", first, "apps are listed by vendor and id")
	assert.Equal(t, first, get(tb, "read the chosen app", chromedp.Value(chromedp.CSS(`#app-select`))), "it opens on the first app")
	assert.Contains(t, get(tb, "read the location", chromedp.Evaluate[string](`location.hash`)), "app="+first)

	for _, view := range []string{"friends", "apps", "faults"} {
		tb.do("show "+view, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#tabs a[data-view=%q]`, view))),
			chromedp.WaitVisible(chromedp.CSS(`#view-`+view)))
		width := get(tb, "measure "+view, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		assert.LessOrEqual(t, width, 800, "the %s view fits the window: nothing scrolls sideways", view)
		right := get(tb, "measure the header", chromedp.Evaluate[float64](
			`Math.max(...[...document.querySelectorAll('.topbar *')].map((e) => e.getBoundingClientRect().right))`))
		assert.LessOrEqual(t, right, 800.0, "every header control is inside the window")
	}
	tb.do("back to friends", chromedp.Click(chromedp.CSS(`#tabs a[data-view="friends"]`)))

	tb.do("the TIM app's request shows, the ZEGO app's does not",
		chromedp.WaitVisible(chromedp.CSS(timRow)),
		chromedp.WaitNotVisible(chromedp.CSS(zegoRow)),
		chromedp.WaitNotVisible(chromedp.CSS(zegoEvent)))
	assert.Equal(t, "1", get(tb, "read the journal count", chromedp.Text(chromedp.CSS(`#journal-count`))))
	assert.True(t, get(tb, "see the events' empty note", chromedp.Evaluate[bool](`!document.getElementById('events-empty').hidden`)))

	tb.do("choose the ZEGO app",
		chromedp.SetValue(chromedp.CSS(`#app-select`), "zego/1234567890"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('app-select').dispatchEvent(new Event('change'))`),
		chromedp.WaitVisible(chromedp.CSS(zegoRow)),
		chromedp.WaitVisible(chromedp.CSS(zegoEvent)),
		chromedp.WaitNotVisible(chromedp.CSS(timRow)))

	tb.do("tick all apps",
		chromedp.Click(chromedp.CSS(`#journal-all`)),
		chromedp.WaitVisible(chromedp.CSS(timRow)),
		chromedp.WaitVisible(chromedp.CSS(zegoRow)))
	assert.True(t, get(tb, "see both toggles ticked", chromedp.Evaluate[bool](`document.getElementById('events-all').checked`)), "one choice for both tables")
	assert.Equal(t, "2", get(tb, "read the journal count", chromedp.Text(chromedp.CSS(`#journal-count`))))
	assert.Empty(t, tb.pageErrors(), "JavaScript errors on the page")
}
