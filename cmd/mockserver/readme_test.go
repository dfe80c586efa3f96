package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A documented example: the shell commands of one ```sh block and the
// answers the page claims for them, one JSON value a line (the ```json
// block after it, or the "# {…}" comments ending its lines).
type docExample struct {
	where    string // file:line of the sh block
	commands string
	want     []string
}

// docExamples returns the examples under the "## heading" of the Markdown
// file path, in order.
func docExamples(t *testing.T, path, heading string) []docExample {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := strings.Split(string(b), "\n")
	type block struct {
		lang  string
		line  int
		lines []string
	}
	var blocks []block
	in := false
	for i, l := range lines {
		if strings.HasPrefix(l, "## ") {
			in = strings.TrimSpace(l[3:]) == heading
			continue
		}
		if !in || !strings.HasPrefix(l, "```") {
			continue
		}
		bl := block{lang: strings.TrimPrefix(l, "```"), line: i + 1}
		for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
			bl.lines = append(bl.lines, lines[i])
		}
		lines[i] = "" // the closing fence opens nothing
		blocks = append(blocks, bl)
	}
	require.NotEmpty(t, blocks, "no code blocks under %q in %s", heading, path)
	comment := regexp.MustCompile(`\s#[^{]*(\{.*\})\s*$`)
	var out []docExample
	for i, bl := range blocks {
		if bl.lang != "sh" {
			continue
		}
		ex := docExample{where: filepath.Base(path) + ":" + strconv.Itoa(bl.line), commands: strings.Join(bl.lines, "\n")}
		if i+1 < len(blocks) && blocks[i+1].lang == "json" {
			for _, l := range blocks[i+1].lines {
				if strings.TrimSpace(l) != "" {
					ex.want = append(ex.want, l)
				}
			}
		} else {
			for _, l := range bl.lines {
				if m := comment.FindStringSubmatch(l); m != nil && strings.HasPrefix(strings.TrimSpace(l), "curl") {
					ex.want = append(ex.want, m[1])
				}
			}
		}
		if len(ex.want) > 0 {
			out = append(out, ex)
		}
	}
	require.NotEmpty(t, out, "no example with a claimed answer under %q in %s", heading, path)
	return out
}

// normalize decodes one JSON answer and blanks what differs run to run:
// request ids and the times friendships were made.
func normalize(t *testing.T, where, s string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v), "%s: not JSON: %s", where, s)
	var walk func(v any) any
	walk = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				switch k {
				case "RequestId", "CreateTime":
					v[k] = "<varies>"
				default:
					v[k] = walk(x)
				}
			}
			if v["Tag"] == "Tag_SNS_IM_AddTime" {
				v["Value"] = "<varies>"
			}
		case []any:
			for i, x := range v {
				v[i] = walk(x)
			}
		}
		return v
	}
	return walk(v)
}

// splitJSON splits a command's output into its JSON values (curl -s
// prints them without newlines between).
func splitJSON(t *testing.T, where string, out []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(out))
	var vals []string
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return vals
		}
		require.NoError(t, err, "%s: output is not JSON values: %s", where, out)
		vals = append(vals, string(raw))
	}
}

// TestDocumentedQuickStarts runs the README's quick starts (and the TLS
// page's curl examples) as a reader would after `go install`: in bash,
// with mockserver on PATH and curl, against a live server, and compares
// each answer with the one the page claims.
func TestDocumentedQuickStarts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs the documented shell commands")
	}
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the documented commands need %s: %v", tool, err)
		}
	}
	bin := buildBinary(t)
	work := t.TempDir()
	tlsDir := filepath.Join(work, "tls")
	s := startRun(t, map[string]string{"MOCKSERVER_TLS_DIR": tlsDir}, "--tls-addr", "127.0.0.1:0")
	m := httpsLine.FindStringSubmatch(s.banner)
	require.NotNil(t, m, s.banner)
	addr, tlsAddr := strings.TrimPrefix(s.url, "http://"), m[1]
	// The pages show the default ports; this server has its own.
	ports := strings.NewReplacer("127.0.0.1:8080", addr, "127.0.0.1:8443", tlsAddr)
	env := append(os.Environ(),
		"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"MOCKSERVER_ADDR="+addr, "MOCKSERVER_TLS_DIR="+tlsDir)

	for _, sec := range []struct{ file, heading string }{
		{"../../README.md", "Two commands"},
		{"../../README.md", "Quick start: ZEGO"},
		{"../../README.md", "Quick start: TIM"},
		{"../../docs/tls.md", "curl"},
	} {
		t.Run(filepath.Base(sec.file)+"#"+sec.heading, func(t *testing.T) {
			resp, err := http.Post(s.url+"/_mock/reset", "application/json", nil)
			require.NoError(t, err)
			resp.Body.Close()
			for _, ex := range docExamples(t, sec.file, sec.heading) {
				if strings.Contains(ex.commands, "go run ") {
					// `go run ./cmd/mockserver` starts the server; this
					// test's server is already running.
					continue
				}
				cmd := exec.Command("bash", "-euo", "pipefail", "-c", ports.Replace(ex.commands))
				cmd.Dir, cmd.Env = work, env
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				out, err := cmd.Output()
				require.NoError(t, err, "%s: %s\n%s", ex.where, ex.commands, stderr.String())
				got := splitJSON(t, ex.where, out)
				require.Len(t, got, len(ex.want), "%s: one answer per claimed line\n%s", ex.where, out)
				for i := range got {
					assert.Equal(t, normalize(t, ex.where, ex.want[i]), normalize(t, ex.where, got[i]), "%s: answer %d", ex.where, i+1)
				}
			}
		})
	}
}
