package main

import (
	"bytes"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// trap is an http.RoundTripper and a getenv that record every use: the
// commands that must stay offline must touch neither.
type trap struct {
	mu      sync.Mutex
	dials   []string
	getenvs []string
}

func (tr *trap) RoundTrip(r *http.Request) (*http.Response, error) {
	tr.mu.Lock()
	tr.dials = append(tr.dials, r.URL.Host)
	tr.mu.Unlock()
	return nil, errors.New("network access is not allowed in this test")
}

func (tr *trap) getenv(k string) string {
	tr.mu.Lock()
	tr.getenvs = append(tr.getenvs, k)
	tr.mu.Unlock()
	return "pat-na1-CANARY-offline-0000"
}

// TestOfflineCommandsOpenNoConnection proves SPEC §5's rule: validate,
// check, fmt, policies, catalog and audit without --scan/--sandbox open no
// network connection and read no credential variable. Every HTTP client
// of the scanners goes through http.DefaultTransport, which the test
// replaces; scan itself is the control that shows the trap catches calls.
// Not parallel: it swaps a process-wide transport.
func TestOfflineCommandsOpenNoConnection(t *testing.T) {
	tr := &trap{}
	saved := http.DefaultTransport
	http.DefaultTransport = tr
	t.Cleanup(func() { http.DefaultTransport = saved })

	acme, err := filepath.Abs("../../examples/acme")
	require.NoError(t, err)
	out := t.TempDir()
	commands := [][]string{
		{"validate", acme},
		{"validate", "--format", "json", acme},
		{"check", acme, "--as-of", "2026-11-20", "--fail-on", "none"},
		{"check", acme, "--as-of", "2026-11-20", "--format", "sarif", "--fail-on", "none"},
		{"fmt", "-check", acme},
		{"policies", "list"},
		{"catalog", "list"},
		{"audit", acme, "--as-of", "2026-11-20", "-o", filepath.Join(out, "audit.xlsx")},
	}
	for _, args := range commands {
		code, _, stderr := runTrapped(tr, args...)
		assert.Contains(t, []int{0, 1}, code, "%v: %s", args, stderr)
	}
	assert.Empty(t, tr.dials, "offline commands opened connections")
	assert.Empty(t, tr.getenvs, "offline commands read credential variables")

	// The control: scan reads the variable its block names and calls out,
	// and the trap sees both.
	dir, _ := scanFixture(t)
	code, _, _ := runTrapped(tr, "scan", dir, "--timeout", "1s", "--as-of", "2026-11-20")
	assert.Equal(t, exitScan, code)
	assert.Equal(t, []string{"HUBSPOT_TOKEN"}, slices.Compact(tr.getenvs), "scan reads only the variable its block names")
	assert.NotEmpty(t, tr.dials, "the trap did not see scan's calls: it proves nothing")
}

func runTrapped(tr *trap, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
		now:    func() time.Time { return time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC) },
		getenv: tr.getenv}
	return run(args, e), out.String(), errOut.String()
}
