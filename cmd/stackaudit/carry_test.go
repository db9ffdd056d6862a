package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/usage"
)

// TestScanKilledHalfwayKeepsThePreviousSnapshot: a run interrupted after
// measuring one of its two tools (the other's call hangs) writes nothing:
// the previous snapshot is byte-identical, no temporary file is left, and
// nothing of the half-run is carried anywhere. Not parallel: it signals
// the process.
func TestScanKilledHalfwayKeepsThePreviousSnapshot(t *testing.T) {
	dir, endpoint := interruptedScanFixture(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "crm.hcl"), []byte(`tool "crm" {
  category = "crm"

  scan "csv" {
    path = "crm.csv"
  }
}
`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "crm.csv"), []byte("email,last_active\ndana@acme.example,2026-11-18\n"), 0o644))
	snapshots := usage.SnapshotDir(dir)
	prev := filepath.Join(snapshots, "2026-11-01.json")
	require.NoError(t, usage.Write(prev, &usage.Snapshot{TakenAt: time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC),
		Tools: map[string]*usage.ToolUsage{"hubspot": {Scanner: "hubspot", Status: usage.StatusOK, Seats: usage.Seats{Assigned: 4}, Users: []usage.User{}}}}))
	before := readFile(t, prev)

	code, _, stderr := runWithEnv(t, map[string]string{"HUBSPOT_TOKEN": scanCanary},
		"scan", dir, "--as-of", "2026-11-20", "--allow-partial", "--endpoint", endpoint, "--timeout", "1m")
	assert.Equal(t, exitScan, code)
	assert.Contains(t, stderr, "Interrupted: no snapshot written")
	after := readFile(t, prev)
	assert.Equal(t, string(before), string(after))
	entries, err := os.ReadDir(snapshots)
	require.NoError(t, err)
	require.Len(t, entries, 1, "only the previous snapshot: no new one, no temporary file")
	latest, err := usage.Latest(dir)
	require.NoError(t, err)
	assert.Equal(t, prev, latest)
}
