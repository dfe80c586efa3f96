package signature

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tlsSigNodeVersion pins Tencent's official Node generator (npm
// tls-sig-api-v2, repository tencentyun/tls-sig-api-v2-node) so the
// cross-check compares against a fixed implementation.
const tlsSigNodeVersion = "1.0.2"

// tlsSigNodeScript drives the official library. It reads the clock only
// through Date.now(), inside genSig and _genUserbuf, so replacing Date.now
// before loading it makes the output a pure function of the inputs. The
// fractional milliseconds check that the library floors to whole seconds.
const tlsSigNodeScript = `'use strict';
const [libDir, casesJSON] = process.argv.slice(2);
const cases = JSON.parse(casesJSON);
let nowMillis = 0;
Date.now = () => nowMillis;
const TLSSigAPIv2 = require(libDir);
const out = cases.map((c) => {
  nowMillis = c.time * 1000 + 789;
  const api = new TLSSigAPIv2.Api(c.sdkappid, c.key);
  return {
    userSig: api.genUserSig(c.identifier, c.expire),
    privateMapKey: api.genPrivateMapKey(c.identifier, c.expire, c.roomid, c.privilegeMap),
  };
});
process.stdout.write(JSON.stringify(out));
`

type nodeCase struct {
	SDKAppID     uint64 `json:"sdkappid"`
	Key          string `json:"key"`
	Identifier   string `json:"identifier"`
	Expire       int64  `json:"expire"`
	Time         int64  `json:"time"`
	RoomID       uint32 `json:"roomid"`
	PrivilegeMap uint32 `json:"privilegeMap"`
}

type nodeResult struct {
	UserSig       string `json:"userSig"`
	PrivateMapKey string `json:"privateMapKey"`
}

// TestUserSigAgainstOfficialNodeLibrary checks that tickets issued by
// Tencent's own generator verify here and decode to exactly the fields and
// HMAC that GenUserSig produces, despite the different key order, missing
// trailing newline and compression level of the Node output.
func TestUserSigAgainstOfficialNodeLibrary(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: skipping cross-check against Tencent's tls-sig-api-v2")
	}
	libDir := installTLSSigNode(t)

	cases := []nodeCase{
		{vecAppID, vecKey, vecIdentifier, vecExpire, vecTime, 10000, 255},
		{1600012345, "a-different-secret-key", "user_01-x", 180 * 86400, 1712345678, 4294967295, 42},
		// JSON.stringify leaves <, > and & alone where Go escapes them, and
		// both sides must hash the identifier as UTF-8.
		{1400000000, vecKey, "用户<&>", 3600, vecTime, 1, 1},
	}
	input, err := json.Marshal(cases)
	require.NoError(t, err)
	script := filepath.Join(t.TempDir(), "gen.js")
	require.NoError(t, os.WriteFile(script, []byte(tlsSigNodeScript), 0o600))

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, node, script, libDir, string(input))
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "node: %s", stderr.String())
	var results []nodeResult
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &results), "node output: %s", stdout.String())
	require.Len(t, results, len(cases))

	for i, c := range cases {
		res := results[i]
		t.Run(c.Identifier, func(t *testing.T) {
			official, err := CheckUserSig(res.UserSig, c.Key, c.SDKAppID, c.Identifier, c.Time+c.Expire)
			require.NoError(t, err, "official UserSig %s", res.UserSig)
			_, err = CheckUserSig(res.UserSig, c.Key, c.SDKAppID, c.Identifier, c.Time+c.Expire+1)
			require.ErrorIs(t, err, ErrExpired)

			ours, err := GenUserSig(c.SDKAppID, c.Key, c.Identifier, c.Expire, c.Time)
			require.NoError(t, err)
			parsed, err := ParseUserSig(ours)
			require.NoError(t, err)
			assert.Equal(t, parsed, official, "fields decoded from the official and our UserSig differ")

			// PrivateMapKey exercises the userbuf branch of the HMAC.
			pmk, err := CheckUserSig(res.PrivateMapKey, c.Key, c.SDKAppID, c.Identifier, c.Time)
			require.NoError(t, err, "official PrivateMapKey %s", res.PrivateMapKey)
			assertUserBufLayout(t, c, pmk.UserBuf)
		})
	}
}

// assertUserBufLayout checks the PrivateMapKey userbuf against the layout in
// the official generators: version 0, account length and bytes, then
// big-endian sdkappid, room id, absolute expiry, privilege map and account
// type. The library copies UTF-16 code units, so only ASCII ids are checked.
func assertUserBufLayout(t *testing.T, c nodeCase, buf []byte) {
	t.Helper()
	require.NotNil(t, buf)
	if !isASCII(c.Identifier) {
		return
	}
	n := len(c.Identifier)
	require.Len(t, buf, 1+2+n+20)
	assert.Equal(t, byte(0), buf[0])
	assert.Equal(t, uint16(n), binary.BigEndian.Uint16(buf[1:3]))
	assert.Equal(t, c.Identifier, string(buf[3:3+n]))
	rest := buf[3+n:]
	assert.Equal(t, uint32(c.SDKAppID), binary.BigEndian.Uint32(rest[0:4]))
	assert.Equal(t, c.RoomID, binary.BigEndian.Uint32(rest[4:8]))
	assert.Equal(t, uint32(c.Time+c.Expire), binary.BigEndian.Uint32(rest[8:12]))
	assert.Equal(t, c.PrivilegeMap, binary.BigEndian.Uint32(rest[12:16]))
	assert.Equal(t, uint32(0), binary.BigEndian.Uint32(rest[16:20]))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// installTLSSigNode returns the directory of the pinned tls-sig-api-v2
// package, installing it with npm when it is missing or another version. The
// prefix comes from IMEMU_TLSSIG_NODE_DIR or defaults to <repo>/.cache/node,
// which is gitignored and survives between runs so only the first run needs
// the network. Without npm or the network the test is skipped, not failed.
func installTLSSigNode(t *testing.T) string {
	t.Helper()
	prefix := os.Getenv("IMEMU_TLSSIG_NODE_DIR")
	if prefix == "" {
		prefix = filepath.Join(repoRoot(t), ".cache", "node")
	}
	libDir := filepath.Join(prefix, "node_modules", "tls-sig-api-v2")
	if installedNodeVersion(libDir) == tlsSigNodeVersion {
		return libDir
	}

	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm not found: cannot install tls-sig-api-v2 for the cross-check")
	}
	require.NoError(t, os.MkdirAll(prefix, 0o755))
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	// --ignore-scripts: the package needs no install hooks, and none of a
	// registry package's code should run outside the script we control.
	cmd := exec.CommandContext(ctx, npm, "install", "--no-audit", "--no-fund", "--ignore-scripts",
		"--prefix", prefix, "tls-sig-api-v2@"+tlsSigNodeVersion)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("npm install tls-sig-api-v2@%s failed (offline?): %v\n%s", tlsSigNodeVersion, err, out)
	}
	got := installedNodeVersion(libDir)
	require.Equal(t, tlsSigNodeVersion, got, "npm installed an unexpected version into %s", prefix)
	return libDir
}

// installedNodeVersion returns the version in libDir/package.json, or "" when
// it cannot be read.
func installedNodeVersion(libDir string) string {
	data, err := os.ReadFile(filepath.Join(libDir, "package.json"))
	if err != nil {
		return ""
	}
	var pkg struct {
		Version string `json:"version"`
	}
	if json.Unmarshal(data, &pkg) != nil {
		return ""
	}
	return pkg.Version
}

// repoRoot walks up from the package directory, where go test runs, to the
// directory holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's working directory")
		}
		dir = parent
	}
}
