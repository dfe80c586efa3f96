package server_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/timapi"
	"github.com/imemu/imemu/internal/zegoapi"
)

// TestStress runs goroutines that add, delete one-way and two-way, delete
// everything, register, import and delete accounts, over HTTP, on both
// vendors' apps of one server over a SQLite file, and then checks the
// graph. Three kinds of worker run per vendor, all at once:
//
//   - exclusive workers each own a set of users no one else touches, so
//     each keeps an exact model: every answer (Code and per-item codes)
//     must be the model's, and the app's final state of those users must
//     be the model's;
//   - pair workers share a hot set and only add and delete two-way: the
//     graph among them stays symmetric, and its edge count is twice the
//     adds answered as done minus the deletes answered as done;
//   - chaos workers share another hot set with every symmetric operation,
//     account deletion and re-import included: the graph stays symmetric.
//
// Every worker also registers every hot user first: ZEGO must answer
// "registered" exactly once per user. Every answer must be HTTP 200 with a
// documented, non-internal code (SQLite busy never reaches a client), no
// edge may touch an unregistered user, and the fixtures' users are left
// alone. The user ids are the same in both apps, which must not see each
// other. IMEMU_STRESS_OPS sets the operations per worker (default 40, 15
// with -short), IMEMU_STRESS_SEED the seed.
func TestStress(t *testing.T) {
	t.Parallel()
	ops := envInt(t, "IMEMU_STRESS_OPS", 40)
	if testing.Short() && os.Getenv("IMEMU_STRESS_OPS") == "" {
		ops = 15
	}
	seed := uint64(envInt(t, "IMEMU_STRESS_SEED", int(time.Now().UnixNano()%1e9)))
	const workersPerKind = 3

	e := newRelEnv(t, server.Config{AuthOff: true, RateLimitOff: true})
	before := e.export()
	r := &stressRun{e: e, registered: map[string]int{}}
	pairs, chaos := stressUsers("p", 6), stressUsers("a", 6)
	hot := append(slices.Clone(pairs), chaos...)

	var wg sync.WaitGroup
	zegoModels := make([]*stressModel, workersPerKind)
	timModels := make([]*stressModel, workersPerKind)
	var zegoPairs, timPairs stressCount
	for w := range workersPerKind {
		rng := func(kind int) *rand.Rand { return rand.New(rand.NewPCG(seed, uint64(w*10+kind))) }
		wg.Go(func() { zegoModels[w] = r.zegoExclusive(rng(0), stressUsers(fmt.Sprintf("x%d-", w), 6), ops) })
		wg.Go(func() { timModels[w] = r.timExclusive(rng(1), stressUsers(fmt.Sprintf("x%d-", w), 6), ops) })
		wg.Go(func() { r.zegoHot(rng(2), hot, pairs, ops, &zegoPairs) })
		wg.Go(func() { r.timHot(rng(3), hot, pairs, ops, &timPairs) })
		wg.Go(func() { r.zegoHot(rng(4), hot, chaos, ops, nil) })
		wg.Go(func() { r.timHot(rng(5), hot, chaos, ops, nil) })
	}
	wg.Wait()

	after := e.export()
	for _, key := range []imemu.AppKey{relZegoKey, relTIMKey} {
		app := appOf(after, key)
		for _, d := range danglingEdges(app) {
			r.violation("edge touches an unregistered user: %s", d)
		}
		fixtureUsers := map[string]bool{}
		for _, u := range appOf(before, key).Users {
			fixtureUsers[u.ID] = true
		}
		if was, now := edgesTouching(appOf(before, key), fixtureUsers), edgesTouching(app, fixtureUsers); !maps.Equal(was, now) {
			r.violation("%s: the fixtures' users' edges changed: %v → %v", key.Vendor, was, now)
		}
		models, counted := zegoModels, &zegoPairs
		if key.Vendor == imemu.VendorTIM {
			models, counted = timModels, &timPairs
		}
		for w, m := range models {
			r.checkModel(app, stressUsers(fmt.Sprintf("x%d-", w), 6), m)
		}
		r.checkHot(app, pairs, counted)
		r.checkHot(app, chaos, nil)
	}
	for _, id := range hot {
		if n := r.registered[id]; n != 1 {
			r.violation("zego: %q answered as newly registered %d times, want exactly once", id, n)
		}
	}

	t.Logf("stress: seed %d, %d workers × %d operations: %d requests, %d invariant violations",
		seed, 6*workersPerKind, ops, r.requests.Load(), len(r.violations))
	for i, v := range r.violations {
		if i == 30 {
			t.Errorf("… and %d more", len(r.violations)-30)
			break
		}
		t.Error(v)
	}
}

// envInt reads a positive integer from the environment, def when unset.
func envInt(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive integer", name, s)
	}
	return n
}

func stressUsers(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(i)
	}
	return out
}

// stressRun is what the workers share: the server, counters and the
// violations found.
type stressRun struct {
	e        *relEnv
	requests atomic.Int64

	mu         sync.Mutex
	violations []string
	registered map[string]int // ZEGO: how often each hot user was answered as newly registered
}

func (r *stressRun) violation(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.violations = append(r.violations, fmt.Sprintf(format, args...))
}

// stressCount counts what pair workers were told they did.
type stressCount struct{ added, deleted atomic.Int64 }

// A stressResult is an answer reduced to what the models predict: the
// top-level code and each target's code (0 for done).
type stressResult struct {
	code  int
	items map[string]int
	fails []string // TIM multiaccount_import's FailAccounts
}

func (a stressResult) done() int {
	n := 0
	for _, c := range a.items {
		if c == 0 {
			n++
		}
	}
	return n
}

// zego sends a ZEGO Action and reduces its answer; targets are the batch's
// ids, which succeeded unless listed in ErrorList.
func (r *stressRun) zego(method, action string, extra url.Values, body string, targets []string) (stressResult, bool) {
	q := relZegoQuery(action)
	maps.Copy(q, extra)
	status, raw, err := r.e.send(method, r.e.url+"/?"+q.Encode(), "application/json", []byte(body))
	r.requests.Add(1)
	if err != nil {
		r.violation("zego %s %s: %v", action, body, err)
		return stressResult{}, false
	}
	a, problem := checkZego(status, raw)
	if problem != "" {
		r.violation("zego %s %s: %s", action, body, problem)
		return stressResult{}, false
	}
	res := stressResult{code: *a.Code, items: map[string]int{}}
	if *a.Code == zegoapi.CodeOK || len(a.ErrorList) > 0 {
		for _, id := range targets {
			res.items[id] = 0
		}
	}
	for _, it := range a.ErrorList {
		res.items[it.UserID] = it.SubCode
	}
	return res, true
}

// tim sends a TIM API request and reduces its answer.
func (r *stressRun) tim(api, body string) (stressResult, bool) {
	status, raw, err := r.e.send(http.MethodPost, r.e.url+"/v4/"+api+"?"+relTIMQuery().Encode(), "application/json", []byte(body))
	r.requests.Add(1)
	if err != nil {
		r.violation("tim %s %s: %v", api, body, err)
		return stressResult{}, false
	}
	a, problem := checkTIM(status, raw)
	if problem != "" {
		r.violation("tim %s %s: %s", api, body, problem)
		return stressResult{}, false
	}
	res := stressResult{code: *a.ErrorCode, items: map[string]int{}, fails: a.FailAccounts}
	for _, it := range a.ResultItem {
		res.items[it.account()] = *it.ResultCode
	}
	return res, true
}

func zegoRegister(ids []string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = `{"UserId":` + jsonString(id) + `}`
	}
	return `{"UserInfo":[` + strings.Join(items, ",") + `]}`
}

func zegoAdd(from string, to []string) string {
	items := make([]string, len(to))
	for i, id := range to {
		items[i] = `{"UserId":` + jsonString(id) + `}`
	}
	return `{"FromUserId":` + jsonString(from) + `,"FriendInfos":[` + strings.Join(items, ",") + `]}`
}

func zegoDelete(from string, to []string, deleteType int) string {
	return fmt.Sprintf(`{"FromUserId":%s,"UserIds":%s,"DeleteType":%d}`, jsonString(from), jsonStrings(to), deleteType)
}

func zegoDeleteAll(from string, deleteType int) url.Values {
	return url.Values{"FromUserId": {from}, "DeleteType": {strconv.Itoa(deleteType)}}
}

func timAdd(from string, to []string, addType string) string {
	items := make([]string, len(to))
	for i, id := range to {
		items[i] = `{"To_Account":` + jsonString(id) + `,"AddSource":"AddSource_Type_Stress"}`
	}
	return `{"From_Account":` + jsonString(from) + `,"AddFriendItem":[` + strings.Join(items, ",") + `],"AddType":"` + addType + `"}`
}

func timImport(from string, to []string) string {
	items := make([]string, len(to))
	for i, id := range to {
		items[i] = `{"To_Account":` + jsonString(id) + `,"AddSource":"AddSource_Type_Stress"}`
	}
	return `{"From_Account":` + jsonString(from) + `,"AddFriendItem":[` + strings.Join(items, ",") + `]}`
}

func timDelete(from string, to []string, deleteType string) string {
	return `{"From_Account":` + jsonString(from) + `,"To_Account":` + jsonStrings(to) + `,"DeleteType":"` + deleteType + `"}`
}

func timDeleteAll(from, deleteType string) string {
	return `{"From_Account":` + jsonString(from) + `,"DeleteType":"` + deleteType + `"}`
}

func timAccounts(field string, ids []string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = `{"UserID":` + jsonString(id) + `}`
	}
	return `{"` + field + `":[` + strings.Join(items, ",") + `]}`
}

// pick returns n distinct users of users other than not, in random order.
func pick(rng *rand.Rand, users []string, n int, not string) []string {
	var out []string
	for _, i := range rng.Perm(len(users)) {
		if users[i] != not && len(out) < n {
			out = append(out, users[i])
		}
	}
	return out
}

// zegoExclusive drives users no one else touches and checks every answer
// against its model, which it returns.
func (r *stressRun) zegoExclusive(rng *rand.Rand, users []string, ops int) *stressModel {
	m := newStressModel()
	for i := range ops {
		from := users[rng.IntN(len(users))]
		to := pick(rng, users, 1+rng.IntN(3), from)
		deleteType := rng.IntN(2)
		var got stressResult
		var ok bool
		var want stressResult
		var what string
		switch op := rng.IntN(10); {
		case i == 0 || op < 2:
			ids := pick(rng, users, 1+rng.IntN(4), "")
			what = "UserRegister " + strings.Join(ids, ",")
			want = m.zegoRegister(ids)
			got, ok = r.zego(http.MethodPost, "UserRegister", nil, zegoRegister(ids), ids)
		case op < 5:
			what = "AddFriends " + from + "→" + strings.Join(to, ",")
			want = m.zegoAdd(from, to)
			got, ok = r.zego(http.MethodPost, "AddFriends", nil, zegoAdd(from, to), to)
		case op < 8:
			what = fmt.Sprintf("DeleteFriends(%d) %s→%s", deleteType, from, strings.Join(to, ","))
			want = m.zegoDelete(from, to, deleteType == zegoapi.TwoWay)
			got, ok = r.zego(http.MethodPost, "DeleteFriends", nil, zegoDelete(from, to, deleteType), to)
		default:
			what = fmt.Sprintf("DeleteAllFriends(%d) %s", deleteType, from)
			want = m.zegoDeleteAll(from, deleteType == zegoapi.TwoWay)
			got, ok = r.zego(http.MethodGet, "DeleteAllFriends", zegoDeleteAll(from, deleteType), "", nil)
		}
		if ok && (got.code != want.code || !maps.Equal(got.items, want.items)) {
			r.violation("zego %s: answered %d %v, the model says %d %v", what, got.code, got.items, want.code, want.items)
		}
	}
	return m
}

// timExclusive is zegoExclusive for TIM, with one-way adds, friend
// imports and account deletion besides.
func (r *stressRun) timExclusive(rng *rand.Rand, users []string, ops int) *stressModel {
	m := newStressModel()
	for i := range ops {
		from := users[rng.IntN(len(users))]
		to := pick(rng, users, 1+rng.IntN(3), from)
		both := rng.IntN(2) == 0
		addType, deleteType := "Add_Type_Single", "Delete_Type_Single"
		if both {
			addType, deleteType = "Add_Type_Both", "Delete_Type_Both"
		}
		var got, want stressResult
		var ok bool
		var what string
		switch op := rng.IntN(14); {
		case i == 0 || op < 2:
			ids := pick(rng, users, 1+rng.IntN(4), "")
			what = "multiaccount_import " + strings.Join(ids, ",")
			want = m.timImport(ids)
			got, ok = r.tim("im_open_login_svc/multiaccount_import", `{"Accounts":`+jsonStrings(ids)+`}`)
			got.items = nil
		case op < 3:
			what = "account_import " + from
			want = m.timImport([]string{from})
			got, ok = r.tim("im_open_login_svc/account_import", `{"UserID":`+jsonString(from)+`}`)
		case op < 4:
			what = "account_delete " + strings.Join(to, ",")
			want = m.timAccountDelete(to)
			got, ok = r.tim("im_open_login_svc/account_delete", timAccounts("DeleteItem", to))
		case op < 7:
			what = addType + " " + from + "→" + strings.Join(to, ",")
			want = m.timAdd(from, to, both)
			got, ok = r.tim("sns/friend_add", timAdd(from, to, addType))
		case op < 8:
			what = "friend_import " + from + "→" + strings.Join(to, ",")
			want = m.timAdd(from, to, false)
			got, ok = r.tim("sns/friend_import", timImport(from, to))
		case op < 12:
			what = deleteType + " " + from + "→" + strings.Join(to, ",")
			want = m.timDelete(from, to, both)
			got, ok = r.tim("sns/friend_delete", timDelete(from, to, deleteType))
		default:
			what = "friend_delete_all " + deleteType + " " + from
			want = m.timDeleteAll(from, both)
			got, ok = r.tim("sns/friend_delete_all", timDeleteAll(from, deleteType))
		}
		if ok && (got.code != want.code || !maps.Equal(got.items, want.items) || len(got.fails) != 0) {
			r.violation("tim %s: answered %d %v %v, the model says %d %v", what, got.code, got.items, got.fails, want.code, want.items)
		}
	}
	return m
}

// zegoHot registers every hot user, then adds and deletes two-way among
// users (and, with count nil, deletes everything two-way too), checking
// that each answer is one the operation can give and counting, with count
// set, the adds and deletes answered as done.
func (r *stressRun) zegoHot(rng *rand.Rand, hot, users []string, ops int, count *stressCount) {
	ids := pick(rng, hot, len(hot), "")
	if got, ok := r.zego(http.MethodPost, "UserRegister", nil, zegoRegister(ids), ids); ok {
		r.mu.Lock()
		for id, c := range got.items {
			if c == 0 {
				r.registered[id]++
			}
		}
		r.mu.Unlock()
	}
	for range ops {
		from := users[rng.IntN(len(users))]
		to := pick(rng, users, 1+rng.IntN(3), from)
		op := rng.IntN(10)
		if count != nil {
			op = rng.IntN(8)
		}
		switch {
		case op < 4:
			got, ok := r.zego(http.MethodPost, "AddFriends", nil, zegoAdd(from, to), to)
			r.expect(ok, "zego AddFriends", got, []int{0, zegoapi.CodeAlreadyFriend, zegoapi.CodeUserNotFound, zegoapi.CodeNoneRegistered, zegoapi.CodeFromNotFound},
				[]int{0, zegoapi.CodeAlreadyFriend, zegoapi.CodeUserNotFound})
			if ok && count != nil {
				count.added.Add(int64(got.done()))
			}
		case op < 8:
			got, ok := r.zego(http.MethodPost, "DeleteFriends", nil, zegoDelete(from, to, zegoapi.TwoWay), to)
			r.expect(ok, "zego DeleteFriends", got, []int{0, zegoapi.CodeNotFriend, zegoapi.CodeFromNotFound}, []int{0, zegoapi.CodeNotFriend})
			if ok && count != nil {
				count.deleted.Add(int64(got.done()))
			}
		case op < 9:
			got, ok := r.zego(http.MethodGet, "DeleteAllFriends", zegoDeleteAll(from, zegoapi.TwoWay), "", nil)
			r.expect(ok, "zego DeleteAllFriends", got, []int{0, zegoapi.CodeFromNotFound}, nil)
		default:
			got, ok := r.zego(http.MethodPost, "UserRegister", nil, zegoRegister(to), to)
			r.expect(ok, "zego UserRegister", got, []int{zegoapi.CodeUserExists}, []int{zegoapi.CodeUserExists})
		}
	}
}

// timHot is zegoHot for TIM; with count nil it also deletes accounts and
// imports them again.
func (r *stressRun) timHot(rng *rand.Rand, hot, users []string, ops int, count *stressCount) {
	got, ok := r.tim("im_open_login_svc/multiaccount_import", `{"Accounts":`+jsonStrings(pick(rng, hot, len(hot), ""))+`}`)
	r.expect(ok, "tim multiaccount_import", got, []int{0}, nil)
	if len(got.fails) > 0 {
		r.violation("tim multiaccount_import: FailAccounts %v", got.fails)
	}
	for range ops {
		from := users[rng.IntN(len(users))]
		to := pick(rng, users, 1+rng.IntN(3), from)
		op := rng.IntN(11)
		if count != nil {
			op = rng.IntN(8)
		}
		switch {
		case op < 4:
			got, ok := r.tim("sns/friend_add", timAdd(from, to, "Add_Type_Both"))
			r.expect(ok, "tim friend_add", got, []int{0, timapi.CodeAccountNotFound},
				[]int{0, timapi.CodeInvalidParam, timapi.CodeAccountNotFound})
			if ok && count != nil {
				count.added.Add(int64(got.done()))
			}
		case op < 8:
			got, ok := r.tim("sns/friend_delete", timDelete(from, to, "Delete_Type_Both"))
			r.expect(ok, "tim friend_delete", got, []int{0, timapi.CodeAccountNotFound},
				[]int{0, timapi.CodeNotFriend, timapi.CodeAccountNotFound})
			if ok && count != nil {
				count.deleted.Add(int64(got.done()))
			}
		case op < 9:
			got, ok := r.tim("sns/friend_delete_all", timDeleteAll(from, "Delete_Type_Both"))
			r.expect(ok, "tim friend_delete_all", got, []int{0, timapi.CodeAccountNotFound}, nil)
		case op < 10:
			got, ok := r.tim("im_open_login_svc/account_delete", timAccounts("DeleteItem", to[:1]))
			r.expect(ok, "tim account_delete", got, []int{0}, []int{0, timapi.CodeNotImported})
		default:
			got, ok := r.tim("im_open_login_svc/account_import", `{"UserID":`+jsonString(to[0])+`}`)
			r.expect(ok, "tim account_import", got, []int{0}, nil)
		}
	}
}

// expect records a violation unless got's code is one of codes and each
// item's one of items.
func (r *stressRun) expect(ok bool, what string, got stressResult, codes, items []int) {
	if !ok {
		return
	}
	if !slices.Contains(codes, got.code) {
		r.violation("%s: code %d, want one of %v", what, got.code, codes)
	}
	for id, c := range got.items {
		if !slices.Contains(items, c) {
			r.violation("%s: %s got item code %d, want one of %v", what, id, c, items)
		}
	}
}

// checkModel compares app's users and edges among users with the model of
// the worker that owned them; no edge may join them to anyone else.
func (r *stressRun) checkModel(app imemu.AppState, users []string, m *stressModel) {
	own := map[string]bool{}
	for _, u := range users {
		own[u] = true
	}
	registered := map[string]bool{}
	for _, u := range app.Users {
		if own[u.ID] {
			registered[u.ID] = true
		}
	}
	edges := map[stressEdge]bool{}
	for _, f := range app.Friends {
		if own[f.Owner] || own[f.ID] {
			edges[stressEdge{f.Owner, f.ID}] = true
		}
	}
	if !maps.Equal(registered, m.users) {
		r.violation("%s %v: users %v, the model says %v", app.Tenant.Vendor, users, slices.Sorted(maps.Keys(registered)), slices.Sorted(maps.Keys(m.users)))
	}
	if !maps.Equal(edges, m.edges) {
		r.violation("%s %v: edges %v, the model says %v", app.Tenant.Vendor, users, edges, m.edges)
	}
}

// checkHot checks that the edges touching users stay among them and are
// symmetric and, with count set, that there are as many as the answers
// said.
func (r *stressRun) checkHot(app imemu.AppState, users []string, count *stressCount) {
	set := map[string]bool{}
	for _, u := range users {
		set[u] = true
	}
	edges := edgesTouching(app, set)
	for e := range edges {
		if !set[e.Owner] || !set[e.Friend] {
			r.violation("%s: edge %v leaves the hot set %v", app.Tenant.Vendor, e, users)
		}
		if !edges[imemu.Edge{Owner: e.Friend, Friend: e.Owner}] {
			r.violation("%s: half a pair: %s → %s without its reverse", app.Tenant.Vendor, e.Owner, e.Friend)
		}
	}
	if count != nil {
		if want := 2 * (count.added.Load() - count.deleted.Load()); int64(len(edges)) != want {
			r.violation("%s: %d edges among %v, but answers reported %d pairs added and %d deleted (want %d edges)",
				app.Tenant.Vendor, len(edges), users, count.added.Load(), count.deleted.Load(), want)
		}
	}
}

// edgesTouching returns app's edges with an end in users.
func edgesTouching(app imemu.AppState, users map[string]bool) map[imemu.Edge]bool {
	out := map[imemu.Edge]bool{}
	for _, f := range app.Friends {
		if users[f.Owner] || users[f.ID] {
			out[imemu.Edge{Owner: f.Owner, Friend: f.ID}] = true
		}
	}
	return out
}

type stressEdge struct{ owner, friend string }

// stressModel is what a set of users' state must be after a sequence of
// operations on them alone. Its methods apply one operation and return the
// answer the vendor gives for it.
type stressModel struct {
	users map[string]bool
	edges map[stressEdge]bool
}

func newStressModel() *stressModel {
	return &stressModel{users: map[string]bool{}, edges: map[stressEdge]bool{}}
}

func (m *stressModel) has(a, b string) bool { return m.edges[stressEdge{a, b}] }
func (m *stressModel) link(a, b string)     { m.edges[stressEdge{a, b}] = true }
func (m *stressModel) unlink(a, b string)   { delete(m.edges, stressEdge{a, b}) }

func (m *stressModel) friendsOf(a string) []string {
	var out []string
	for e := range m.edges {
		if e.owner == a {
			out = append(out, e.friend)
		}
	}
	return out
}

// batch returns a result whose code is 0 when an item succeeded, else
// allFailed(items) or the first item's code in request order.
func batch(ids []string, items map[string]int, allFailed func() int) stressResult {
	res := stressResult{items: items}
	first := 0
	for _, id := range ids {
		switch c := items[id]; {
		case c == 0:
			return res
		case first == 0:
			first = c
		}
	}
	res.code = first
	if allFailed != nil {
		res.code = allFailed()
	}
	return res
}

func (m *stressModel) zegoRegister(ids []string) stressResult {
	items := map[string]int{}
	for _, id := range ids {
		if m.users[id] {
			items[id] = zegoapi.CodeUserExists
		} else {
			m.users[id] = true
			items[id] = 0
		}
	}
	return batch(ids, items, nil)
}

func (m *stressModel) zegoAdd(from string, to []string) stressResult {
	if !m.users[from] {
		return stressResult{code: zegoapi.CodeFromNotFound, items: map[string]int{}}
	}
	items := map[string]int{}
	unregistered := 0
	for _, id := range to {
		switch {
		case !m.users[id]:
			items[id] = zegoapi.CodeUserNotFound
			unregistered++
		case m.has(from, id) && m.has(id, from):
			items[id] = zegoapi.CodeAlreadyFriend
		default:
			m.link(from, id)
			m.link(id, from)
			items[id] = 0
		}
	}
	var allFailed func() int
	if unregistered == len(to) {
		allFailed = func() int { return zegoapi.CodeNoneRegistered }
	}
	return batch(to, items, allFailed)
}

func (m *stressModel) zegoDelete(from string, to []string, twoWay bool) stressResult {
	if !m.users[from] {
		return stressResult{code: zegoapi.CodeFromNotFound, items: map[string]int{}}
	}
	items := map[string]int{}
	for _, id := range to {
		if !m.has(from, id) {
			items[id] = zegoapi.CodeNotFriend
			continue
		}
		m.unlink(from, id)
		if twoWay {
			m.unlink(id, from)
		}
		items[id] = 0
	}
	return batch(to, items, nil)
}

func (m *stressModel) zegoDeleteAll(from string, twoWay bool) stressResult {
	if !m.users[from] {
		return stressResult{code: zegoapi.CodeFromNotFound, items: map[string]int{}}
	}
	m.deleteAll(from, twoWay)
	return stressResult{items: map[string]int{}}
}

func (m *stressModel) deleteAll(from string, twoWay bool) {
	for _, id := range m.friendsOf(from) {
		m.unlink(from, id)
		if twoWay {
			m.unlink(id, from)
		}
	}
}

func (m *stressModel) timImport(ids []string) stressResult {
	for _, id := range ids {
		m.users[id] = true
	}
	return stressResult{}
}

func (m *stressModel) timAccountDelete(ids []string) stressResult {
	items := map[string]int{}
	for _, id := range ids {
		if !m.users[id] {
			items[id] = timapi.CodeNotImported
			continue
		}
		delete(m.users, id)
		for e := range m.edges {
			if e.owner == id || e.friend == id {
				delete(m.edges, e)
			}
		}
		items[id] = 0
	}
	return stressResult{items: items}
}

func (m *stressModel) timAdd(from string, to []string, both bool) stressResult {
	if !m.users[from] {
		return stressResult{code: timapi.CodeAccountNotFound, items: map[string]int{}}
	}
	items := map[string]int{}
	for _, id := range to {
		switch {
		case !m.users[id]:
			items[id] = timapi.CodeAccountNotFound
		case m.has(from, id) && (!both || m.has(id, from)):
			items[id] = timapi.CodeInvalidParam // Err_SNS_Friend{Add,Import}_Friend_Exist
		default:
			m.link(from, id)
			if both {
				m.link(id, from)
			}
			items[id] = 0
		}
	}
	return stressResult{items: items}
}

func (m *stressModel) timDelete(from string, to []string, both bool) stressResult {
	if !m.users[from] {
		return stressResult{code: timapi.CodeAccountNotFound, items: map[string]int{}}
	}
	items := map[string]int{}
	for _, id := range to {
		switch {
		case !m.users[id]:
			items[id] = timapi.CodeAccountNotFound
		case !m.has(from, id):
			items[id] = timapi.CodeNotFriend
		default:
			m.unlink(from, id)
			if both {
				m.unlink(id, from)
			}
			items[id] = 0
		}
	}
	return stressResult{items: items}
}

func (m *stressModel) timDeleteAll(from string, both bool) stressResult {
	if !m.users[from] {
		return stressResult{code: timapi.CodeAccountNotFound, items: map[string]int{}}
	}
	m.deleteAll(from, both)
	return stressResult{items: map[string]int{}}
}
