package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// started is a server run() is serving in the background.
type started struct {
	url    string
	banner string
	stop   context.CancelFunc
	done   chan struct{} // closed when run returns; err is set then
	err    error
}

// wait stops the server and returns run's result.
func (s *started) wait(t *testing.T) error {
	t.Helper()
	s.stop()
	select {
	case <-s.done:
		return s.err
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after its context ended")
		return nil
	}
}

var listenLine = regexp.MustCompile(`listening on (http://\S+)`)

// startRun runs run() with args (plus --addr 127.0.0.1:0) and env, and
// waits for its start-up line.
func startRun(t *testing.T, env map[string]string, args ...string) *started {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &started{stop: cancel, done: make(chan struct{})}
	getenv := func(k string) string { return env[k] }
	go func() {
		err := run(ctx, append([]string{"mockserver", "--addr", "127.0.0.1:0"}, args...), getenv, pw, io.Discard)
		pw.CloseWithError(errors.New("run returned"))
		s.err = err
		close(s.done)
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err, "no start-up line")
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	m := listenLine.FindStringSubmatch(line)
	require.NotNil(t, m, "start-up line %q", line)
	s.url, s.banner = m[1], line
	t.Cleanup(func() { _ = s.wait(t) })
	return s
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestRunServesHealthAndStopsCleanly(t *testing.T) {
	s := startRun(t, nil)
	assert.Contains(t, s.banner, "tenants=tim/1400000000,zego/1234567890")
	code, body := get(t, s.url+"/_mock/health")
	assert.Equal(t, http.StatusOK, code)
	assert.JSONEq(t, `{"status":"ok"}`, body)

	assert.NoError(t, s.wait(t), "a cancelled run ends cleanly")
}

func TestRunFlagBeatsEnv(t *testing.T) {
	s := startRun(t, map[string]string{"MOCKSERVER_AUTH": "off", "MOCKSERVER_FIXTURES": "none"}, "--fixtures", "built-in")
	assert.Contains(t, s.banner, "auth=off", "env applies when no flag is given")
	assert.Contains(t, s.banner, "zego/1234567890", "--fixtures flag wins over MOCKSERVER_FIXTURES")
}

func TestRunFixturesNone(t *testing.T) {
	s := startRun(t, nil, "--fixtures", "none")
	assert.Contains(t, s.banner, "tenants=none")
}

func TestRunFileDatabaseKeepsStateAndIgnoresFixtures(t *testing.T) {
	db := filepath.Join(t.TempDir(), "imemu.db")
	first := startRun(t, nil, "--db", db)
	assert.Contains(t, first.banner, "zego/1234567890")
	require.NoError(t, first.wait(t))

	fx := writeFile(t, `{"apps":[{"vendor":"zego","appId":42,"secret":"s"}]}`)
	second := startRun(t, nil, "--db", db, "--fixtures", fx)
	assert.Contains(t, second.banner, "tenants=tim/1400000000,zego/1234567890",
		"an existing database opens as it was left; fixtures load only into a new one")
}

func TestRunBadInputExitsTwo(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"--nope"}, "flag provided but not defined"},
		{"bad auth", []string{"--auth", "maybe"}, "--auth must be one of strict, off"},
		{"missing fixtures file", []string{"--fixtures", "/nonexistent/fx.json"}, "no such file"},
		{"unregistered friend", []string{"--fixtures", writeFile(t,
			`{"apps":[{"vendor":"zego","appId":1,"secret":"s","users":["a"],"friends":[{"from":"a","to":"b"}]}]}`)},
			`apps[0].friends[0].to: "b" is not a user of this app`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), append([]string{"mockserver", "--addr", "127.0.0.1:0"}, tt.args...),
				func(string) string { return "" }, io.Discard, io.Discard)
			var ee *exitError
			require.ErrorAs(t, err, &ee)
			assert.Equal(t, 2, ee.code)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestRunBusyPortFailsAtOnce(t *testing.T) {
	s := startRun(t, nil)
	addr := strings.TrimPrefix(s.url, "http://")
	err := run(context.Background(), []string{"mockserver", "--addr", addr}, func(string) string { return "" }, io.Discard, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "listen")
}

func TestHealthcheckSubcommand(t *testing.T) {
	s := startRun(t, nil)
	addr := strings.TrimPrefix(s.url, "http://")
	var out strings.Builder
	require.NoError(t, run(context.Background(), []string{"mockserver", "healthcheck", "--addr", addr},
		func(string) string { return "" }, &out, io.Discard))
	assert.Contains(t, out.String(), `"status":"ok"`)

	err := run(context.Background(), []string{"mockserver", "healthcheck", "--addr", "127.0.0.1:1", "--timeout", "500ms"},
		func(string) string { return "" }, io.Discard, io.Discard)
	assert.ErrorContains(t, err, "unhealthy")
}

// TestBinarySignals builds the real binary and checks the process-level
// contract: SIGTERM exits 0, bad fixtures exit 2.
func TestBinarySignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "mockserver")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	cmd := exec.Command(bin, "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	m := listenLine.FindStringSubmatch(line)
	require.NotNil(t, m, line)
	code, _ := get(t, m[1]+"/_mock/health")
	require.Equal(t, http.StatusOK, code)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	assert.NoError(t, cmd.Wait(), "SIGTERM exits 0")

	bad := exec.Command(bin, "--addr", "127.0.0.1:0", "--fixtures", writeFile(t, `{"apps":[{"vendor":"zego"}]}`))
	msg, err := bad.CombinedOutput()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 2, ee.ExitCode())
	assert.Contains(t, string(msg), "apps[0].appId: missing or zero")
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fixtures.json")
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}
