package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/hubspot"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// TestScanDeadlineKeepsEarlierData: a scan whose --deadline passes while a
// vendor hangs stops, exits 3 without --allow-partial (the previous
// snapshot untouched), and with it writes the snapshot in which the tool
// keeps its earlier data, marked why. The deadline passes when the hung
// vendor has received a request: injected through the context, no clock.
func TestScanDeadlineKeepsEarlierData(t *testing.T) {
	dir, endpoint := scanFixture(t)
	out := filepath.Join(dir, "snap.json")
	code, _, stderr := runWithEnv(t, map[string]string{"HUBSPOT_TOKEN": scanCanary}, "scan", "--as-of", "2026-11-20", "--endpoint", endpoint, "-o", out, dir)
	require.Equal(t, exitOK, code, stderr)
	before := readFile(t, out)

	sb := hubspot.Simulator().New(hubspot.SandboxSeed{Access: sandbox.Access{Token: scanCanary}}, sandbox.Faults{Hang: true})
	urls, stop, err := sb.Start(context.Background())
	require.NoError(t, err)
	defer stop()
	scan := func(extra ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
			now:    func() time.Time { return time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC) },
			getenv: func(k string) string { return map[string]string{"HUBSPOT_TOKEN": scanCanary}[k] },
			deadline: func(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancelCause(ctx)
				n := len(sb.Requests())
				go func() {
					for len(sb.Requests()) == n && ctx.Err() == nil {
						time.Sleep(5 * time.Millisecond)
					}
					cancel(fmt.Errorf("%w after %s", scanners.ErrDeadline, d))
				}()
				return ctx, func() { cancel(nil) }
			}}
		// The call hangs for longer than go test's own timeout: only the
		// deadline can end it.
		args := append([]string{"scan", "--as-of", "2026-11-20", "--endpoint", "hubspot=" + urls["hubspot"], "--timeout", "24h", "-o", out, dir}, extra...)
		return run(args, e), stdout.String() + stderr.String()
	}

	code, output := scan()
	assert.Equal(t, exitScan, code, output)
	assert.Contains(t, output, "Deadline: the scan stopped after --deadline 30m0s")
	assert.Contains(t, output, "no snapshot written")
	after, _ := os.ReadFile(out)
	assert.Equal(t, before, after)

	code, output = scan("--allow-partial", "--deadline", "5m")
	require.Equal(t, exitOK, code, output)
	snap, err := usage.Read(out)
	require.NoError(t, err)
	u := snap.Tools["hubspot"]
	assert.Contains(t, u.Carried, "the run's deadline passed (--deadline) after 5m0s")
	assert.Equal(t, 2, u.Seats.Assigned, "the earlier data is kept")
}

// TestScanCeilingFlags: --deadline and --max-users are checked, and audit
// takes them only when it scans.
func TestScanCeilingFlags(t *testing.T) {
	dir, _ := scanFixture(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"scan", "--deadline", "0s", dir}, "--deadline must be positive"},
		{[]string{"scan", "--max-users", "0", dir}, "--max-users must be at least 1"},
		{[]string{"audit", "--max-users", "10", "-o", filepath.Join(t.TempDir(), "a.xlsx"), dir}, "need --scan or --sandbox"},
		{[]string{"audit", "--deadline", "1m", "-o", filepath.Join(t.TempDir(), "a.xlsx"), dir}, "need --scan or --sandbox"},
	} {
		code, _, stderr := runWithEnv(t, nil, tt.args...)
		assert.Equal(t, exitInvalid, code, "%v: %s", tt.args, stderr)
		assert.Contains(t, stderr, tt.want, "%v", tt.args)
	}
}

// TestScanMaxUsers: a tool whose vendor lists more users than --max-users
// fails with the cap named, and keeps its earlier data.
func TestScanMaxUsers(t *testing.T) {
	dir, endpoint := scanFixture(t)
	out := filepath.Join(dir, "snap.json")
	code, stdout, stderr := runWithEnv(t, map[string]string{"HUBSPOT_TOKEN": scanCanary}, "scan", "--as-of", "2026-11-20", "--endpoint", endpoint, "--max-users", "1", "-o", out, dir)
	assert.Equal(t, exitScan, code)
	assert.Contains(t, stdout+stderr, "stopped after 1 users")
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "no snapshot written")
}
