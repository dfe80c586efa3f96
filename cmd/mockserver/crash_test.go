package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // PRAGMA integrity_check on the file the dead server left
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/timapi"
	"github.com/imemu/imemu/internal/zegoapi"
)

// TestBinaryUnderLoad builds the real binary once for its two checks,
// which run in parallel: SIGKILL mid-load loses no acknowledged write, and
// SIGTERM under load finishes the requests in flight.
func TestBinaryUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it")
	}
	t.Parallel()
	bin := buildBinary(t)
	t.Run("SIGKILL", func(t *testing.T) {
		t.Parallel()
		crashKeepsAcknowledgedWrites(t, bin)
	})
	t.Run("SIGTERM", func(t *testing.T) {
		t.Parallel()
		gracefulShutdownUnderLoad(t, bin)
	})
}

// crashKeepsAcknowledgedWrites, for IMEMU_CRASH_CYCLES cycles (default
// 3), serves a --db file under write load from several goroutines (TIM
// multiaccount_import, friend_add and friend_delete; ZEGO UserRegister,
// AddFriends and DeleteFriends), kills the process with SIGKILL mid-load
// and checks the file the dead process left (PRAGMA integrity_check and foreign_key_check); the restarted
// server must then hold every write that was answered, and of the one
// request per goroutine that was in flight at the kill either all or
// nothing: a two-way add leaves both edges or neither.
func crashKeepsAcknowledgedWrites(t *testing.T, bin string) {
	cycles := crashEnvInt(t, "IMEMU_CRASH_CYCLES", 3)
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	db := filepath.Join(t.TempDir(), "imemu.db")
	workers := newCrashWorkers(2, 2)
	acked, lost := 0, 0
	for cycle := range cycles {
		p := startBinary(t, bin, db)
		lost += verifyWorkers(t, p, workers)
		stop := runWorkers(workers, seed+uint64(cycle))
		time.Sleep(time.Duration(200+rng.IntN(500)) * time.Millisecond)
		require.NoError(t, p.cmd.Process.Kill())
		<-p.done
		n := stop()
		acked += n
		checkIntegrity(t, db)
		t.Logf("cycle %d: %d acknowledged writes, then SIGKILL", cycle+1, n)
	}
	p := startBinary(t, bin, db)
	lost += verifyWorkers(t, p, workers)
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	<-p.done
	require.NoError(t, p.err, "stderr: %s", p.stderr.String())

	violations := 0
	for _, w := range workers {
		violations += len(w.violations)
		for _, v := range w.violations {
			t.Errorf("%s worker %d: %s", w.vendor, w.id, v)
		}
	}
	t.Logf("crash safety: seed %d, %d SIGKILL cycles, %d acknowledged writes, %d lost, %d bad answers", seed, cycles, acked, lost, violations)
	require.Positive(t, acked, "the load must have written something")
	require.Zero(t, lost, "acknowledged writes lost")
}

// gracefulShutdownUnderLoad sends SIGTERM while writes are in flight,
// one of them held 700 ms by a latency fault: every request that got an
// answer got a complete, valid one, the held request is answered after
// the signal, the process exits 0, and every answered write is in the
// file when the server starts again.
func gracefulShutdownUnderLoad(t *testing.T, bin string) {
	db := filepath.Join(t.TempDir(), "imemu.db")
	p := startBinary(t, bin, db)
	workers := newCrashWorkers(2, 2)
	for _, body := range []string{`{"UserID":"slowpoke"}`, `{"UserID":"slowfriend"}`} {
		_, code, err := p.tim("im_open_login_svc/account_import", body)
		require.NoError(t, err)
		require.Zero(t, code)
	}
	status, body := p.control(http.MethodPost, "/_mock/faults",
		`{"vendor":"tim","api":"sns/friend_add","user":"slowpoke","latencyMs":700,"times":1}`)
	require.Equal(t, http.StatusCreated, status, body)

	require.Zero(t, verifyWorkers(t, p, workers))
	stop := runWorkers(workers, uint64(time.Now().UnixNano()))
	time.Sleep(200 * time.Millisecond)
	type answer struct {
		code int
		err  error
		at   time.Time
	}
	held := make(chan answer, 1)
	go func() {
		_, code, err := p.tim("sns/friend_add", `{"From_Account":"slowpoke","AddFriendItem":[{"To_Account":"slowfriend","AddSource":"AddSource_Type_Held"}]}`)
		held <- answer{code, err, time.Now()}
	}()
	time.Sleep(200 * time.Millisecond)
	signalled := time.Now()
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		t.Fatal("no exit 15 s after SIGTERM")
	}
	require.NoError(t, p.err, "SIGTERM must exit 0; stderr: %s", p.stderr.String())
	acked := stop()
	a := <-held
	require.NoError(t, a.err, "the request in flight at SIGTERM must be answered")
	require.Zero(t, a.code)
	require.True(t, a.at.After(signalled), "the held request was answered before the signal: no request was in flight")
	checkIntegrity(t, db)

	p = startBinary(t, bin, db)
	lost := verifyWorkers(t, p, workers)
	apps := p.state(t)
	require.Contains(t, appEdges(apps, imemu.VendorTIM), [2]string{"slowpoke", "slowfriend"}, "the held write is durable")
	require.Contains(t, appEdges(apps, imemu.VendorTIM), [2]string{"slowfriend", "slowpoke"})
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	<-p.done
	for _, w := range workers {
		for _, v := range w.violations {
			t.Errorf("%s worker %d: %s", w.vendor, w.id, v)
		}
	}
	t.Logf("graceful shutdown: %d acknowledged writes under load, %d lost", acked, lost)
	require.Zero(t, lost)
}

func crashEnvInt(t *testing.T, name string, def int) int {
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

// buildBinary builds cmd/mockserver into the test's temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mockserver")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

// proc is a running mockserver process.
type proc struct {
	cmd    *exec.Cmd
	url    string
	c      *http.Client
	stderr lockedBuffer
	done   chan struct{} // closed when the process has exited; err is set then
	err    error
}

// lockedBuffer is a bytes.Buffer the process's stderr copier and the test
// may use at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// startBinary starts bin over db with authentication and rate limits off
// on a free port and waits for its start-up line.
func startBinary(t *testing.T, bin, db string, extra ...string) *proc {
	t.Helper()
	p := &proc{done: make(chan struct{})}
	p.cmd = exec.Command(bin, append([]string{"--addr", "127.0.0.1:0", "--db", db, "--auth", "off", "--rate-limit", "off"}, extra...)...)
	p.cmd.Stderr = &p.stderr
	stdout, err := p.cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, p.cmd.Start())
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err, "no start-up line; stderr: %s", p.stderr.String())
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	m := listenLine.FindStringSubmatch(line)
	require.NotNil(t, m, "start-up line %q", line)
	p.url = m[1]
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	t.Cleanup(tr.CloseIdleConnections)
	p.c = &http.Client{Transport: tr, Timeout: 20 * time.Second}
	return p
}

// post sends a vendor request and returns its body.
func (p *proc) post(target, body string) ([]byte, error) {
	resp, err := p.c.Post(p.url+target, "application/json", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return raw, fmt.Errorf("HTTP %d: %s", resp.StatusCode, raw)
	}
	return raw, nil
}

// tim sends a TIM request to the default app and returns its answer and
// ErrorCode. An answer that is no complete TIM envelope with a documented,
// non-internal code is an error wrapping errBadAnswer.
func (p *proc) tim(api, body string) ([]byte, int, error) {
	q := url.Values{"sdkappid": {"1400000000"}, "identifier": {"administrator"}, "random": {"1"}, "contenttype": {"json"}}
	raw, err := p.post("/v4/"+api+"?"+q.Encode(), body)
	if err != nil {
		return raw, 0, err
	}
	var a struct {
		ActionStatus string
		ErrorCode    *int
		ErrorInfo    *string
	}
	if json.Unmarshal(raw, &a) != nil || a.ErrorCode == nil || a.ErrorInfo == nil ||
		!timapi.Documented(*a.ErrorCode) || *a.ErrorCode == timapi.CodeInternal || (*a.ErrorCode == 0) != (a.ActionStatus == "OK") {
		return raw, 0, fmt.Errorf("%w: %s", errBadAnswer, raw)
	}
	return raw, *a.ErrorCode, nil
}

// zego sends a ZEGO Action to the default app (--auth off: any
// signature) and returns its answer and Code, like tim.
func (p *proc) zego(action, body string) ([]byte, int, error) {
	q := url.Values{"Action": {action}, "AppId": {"1234567890"}, "SignatureNonce": {"0123456789abcdef"},
		"Timestamp": {strconv.FormatInt(time.Now().Unix(), 10)}, "SignatureVersion": {"2.0"}, "Signature": {"x"}}
	raw, err := p.post("/?"+q.Encode(), body)
	if err != nil {
		return raw, 0, err
	}
	var a struct {
		Code      *int
		Message   *string
		RequestID *string `json:"RequestId"`
	}
	if json.Unmarshal(raw, &a) != nil || a.Code == nil || a.Message == nil || a.RequestID == nil ||
		!zegoapi.KnownCode(*a.Code) || *a.Code == zegoapi.CodeInternal || *a.Code == zegoapi.CodeBusiness {
		return raw, 0, fmt.Errorf("%w: %s", errBadAnswer, raw)
	}
	return raw, *a.Code, nil
}

var errBadAnswer = errors.New("not a complete vendor answer with a documented code")

// control sends a control-plane request and returns the status and body.
func (p *proc) control(method, path, body string) (int, string) {
	req, err := http.NewRequest(method, p.url+path, strings.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.c.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

// state returns every app's state through GET /_mock/state.
func (p *proc) state(t *testing.T) []imemu.AppState {
	t.Helper()
	status, body := p.control(http.MethodGet, "/_mock/state?secrets=true", "")
	require.Equal(t, http.StatusOK, status, body)
	apps, err := fixtures.Parse(strings.NewReader(body))
	require.NoError(t, err)
	return apps
}

// appEdges returns the edges of the vendor's app as owner, friend pairs.
func appEdges(apps []imemu.AppState, vendor imemu.Vendor) [][2]string {
	var out [][2]string
	for _, a := range apps {
		if a.Tenant.Vendor == vendor {
			for _, f := range a.Friends {
				out = append(out, [2]string{f.Owner, f.ID})
			}
		}
	}
	return out
}

// checkIntegrity opens the file a stopped server left and runs SQLite's
// own checks on it.
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	require.NoError(t, err)
	defer db.Close()
	var result string
	require.NoError(t, db.QueryRow("PRAGMA integrity_check").Scan(&result))
	require.Equal(t, "ok", result)
	rows, err := db.Query("PRAGMA foreign_key_check")
	require.NoError(t, err)
	defer rows.Close()
	require.False(t, rows.Next(), "PRAGMA foreign_key_check found rows")
	require.NoError(t, rows.Err())
}

// crashModel is the users and edges a worker's acknowledged writes left.
type crashModel struct {
	users map[string]bool
	edges map[[2]string]bool
}

func (m crashModel) clone() crashModel {
	return crashModel{users: maps.Clone(m.users), edges: maps.Clone(m.edges)}
}

// diff counts the users and edges in which m and o differ.
func (m crashModel) diff(o crashModel) int {
	n := 0
	for u := range m.users {
		if !o.users[u] {
			n++
		}
	}
	for u := range o.users {
		if !m.users[u] {
			n++
		}
	}
	for e := range m.edges {
		if !o.edges[e] {
			n++
		}
	}
	for e := range o.edges {
		if !m.edges[e] {
			n++
		}
	}
	return n
}

// crashWorker writes to users of its own in one app, one request at a
// time, keeping the model of what its answered writes left and, when a
// request got no answer, the model had it been applied.
type crashWorker struct {
	p          *proc // the server it writes to, set by verifyWorkers
	vendor     imemu.Vendor
	id         int
	users      []string
	model      crashModel
	pending    *crashModel
	violations []string
}

func newCrashWorkers(zego, tim int) []*crashWorker {
	var out []*crashWorker
	for i := range zego + tim {
		w := &crashWorker{vendor: imemu.VendorZego, id: i, model: crashModel{users: map[string]bool{}, edges: map[[2]string]bool{}}}
		if i >= zego {
			w.vendor = imemu.VendorTIM
		}
		for u := range 8 {
			w.users = append(w.users, fmt.Sprintf("k%d-%d", i, u))
		}
		out = append(out, w)
	}
	return out
}

// runWorkers starts the workers on the server verifyWorkers last pointed
// them at; the returned function waits for them (they stop at their first
// request without an answer) and returns the number of writes answered
// with code 0.
func runWorkers(workers []*crashWorker, seed uint64) func() int {
	var wg sync.WaitGroup
	counts := make([]int, len(workers))
	for i, w := range workers {
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		wg.Go(func() { counts[i] = w.run(rng) })
	}
	return func() int {
		wg.Wait()
		n := 0
		for _, c := range counts {
			n += c
		}
		return n
	}
}

// run sends writes until one gets no answer and returns how many were
// answered with code 0.
func (w *crashWorker) run(rng *rand.Rand) int {
	acked := 0
	for i := 0; ; i++ {
		after := w.model.clone()
		from := w.users[rng.IntN(len(w.users))]
		var to []string
		for _, j := range rng.Perm(len(w.users))[:1+rng.IntN(3)] {
			if w.users[j] != from {
				to = append(to, w.users[j])
			}
		}
		if len(to) == 0 {
			continue
		}
		send := w.step(rng, i == 0, from, to, &after)
		code, err := send()
		if errors.Is(err, errBadAnswer) {
			w.violations = append(w.violations, err.Error())
		}
		if err != nil {
			w.pending = &after
			return acked
		}
		w.model = after
		if code == 0 {
			acked++
		}
	}
}

// step picks a write, applies its effect to after and returns the request.
func (w *crashWorker) step(rng *rand.Rand, first bool, from string, to []string, after *crashModel) func() (int, error) {
	op := rng.IntN(10)
	if first {
		op = 0
	}
	two := rng.IntN(2) == 0
	switch {
	case op < 2:
		ids := append([]string{from}, to...)
		for _, id := range ids {
			after.users[id] = true
		}
		if w.vendor == imemu.VendorZego {
			items := make([]string, len(ids))
			for i, id := range ids {
				items[i] = `{"UserId":"` + id + `"}`
			}
			return w.zego("UserRegister", `{"UserInfo":[`+strings.Join(items, ",")+`]}`)
		}
		return w.tim("im_open_login_svc/multiaccount_import", `{"Accounts":["`+strings.Join(ids, `","`)+`"]}`)
	case op < 7:
		two = two || w.vendor == imemu.VendorZego // ZEGO adds are two-way
		if after.users[from] {
			for _, id := range to {
				if after.users[id] {
					after.edges[[2]string{from, id}] = true
					if two {
						after.edges[[2]string{id, from}] = true
					}
				}
			}
		}
		if w.vendor == imemu.VendorZego {
			items := make([]string, len(to))
			for i, id := range to {
				items[i] = `{"UserId":"` + id + `"}`
			}
			return w.zego("AddFriends", `{"FromUserId":"`+from+`","FriendInfos":[`+strings.Join(items, ",")+`]}`)
		}
		items := make([]string, len(to))
		for i, id := range to {
			items[i] = `{"To_Account":"` + id + `","AddSource":"AddSource_Type_Crash"}`
		}
		addType := map[bool]string{true: "Add_Type_Both", false: "Add_Type_Single"}[two]
		return w.tim("sns/friend_add", `{"From_Account":"`+from+`","AddFriendItem":[`+strings.Join(items, ",")+`],"AddType":"`+addType+`"}`)
	default:
		if after.users[from] {
			for _, id := range to {
				if after.edges[[2]string{from, id}] {
					delete(after.edges, [2]string{from, id})
					if two {
						delete(after.edges, [2]string{id, from})
					}
				}
			}
		}
		if w.vendor == imemu.VendorZego {
			deleteType := map[bool]int{true: zegoapi.TwoWay, false: zegoapi.OneWay}[two]
			return w.zego("DeleteFriends", fmt.Sprintf(`{"FromUserId":"%s","UserIds":["%s"],"DeleteType":%d}`, from, strings.Join(to, `","`), deleteType))
		}
		deleteType := map[bool]string{true: "Delete_Type_Both", false: "Delete_Type_Single"}[two]
		return w.tim("sns/friend_delete", `{"From_Account":"`+from+`","To_Account":["`+strings.Join(to, `","`)+`"],"DeleteType":"`+deleteType+`"}`)
	}
}

func (w *crashWorker) zego(action, body string) func() (int, error) {
	return func() (int, error) { _, code, err := w.p.zego(action, body); return code, err }
}

func (w *crashWorker) tim(api, body string) func() (int, error) {
	return func() (int, error) { _, code, err := w.p.tim(api, body); return code, err }
}

// verifyWorkers reads the state p serves and compares each worker's users
// with its model: equal, or equal to the model with its unanswered
// request applied (which becomes the model). It returns the number of
// users and edges that differ otherwise, and points the workers at p.
func verifyWorkers(t *testing.T, p *proc, workers []*crashWorker) int {
	t.Helper()
	apps := p.state(t)
	lost := 0
	for _, w := range workers {
		w.p = p
		got := crashModel{users: map[string]bool{}, edges: map[[2]string]bool{}}
		own := map[string]bool{}
		for _, u := range w.users {
			own[u] = true
		}
		for _, a := range apps {
			if a.Tenant.Vendor != w.vendor {
				continue
			}
			for _, u := range a.Users {
				if own[u.ID] {
					got.users[u.ID] = true
				}
			}
			for _, f := range a.Friends {
				if own[f.Owner] || own[f.ID] {
					got.edges[[2]string{f.Owner, f.ID}] = true
				}
			}
		}
		switch {
		case got.diff(w.model) == 0:
		case w.pending != nil && got.diff(*w.pending) == 0:
			w.model = *w.pending
		default:
			n := got.diff(w.model)
			if w.pending != nil {
				n = min(n, got.diff(*w.pending))
			}
			lost += n
			t.Errorf("%s worker %d: state %v %v, acknowledged writes left %v %v (unanswered: %v)", w.vendor, w.id,
				slices.Sorted(maps.Keys(got.users)), got.edges, slices.Sorted(maps.Keys(w.model.users)), w.model.edges, w.pending)
			w.model = got
		}
		w.pending = nil
	}
	return lost
}
