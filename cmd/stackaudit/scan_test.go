package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/hubspot"
	"github.com/stackaudit/stackaudit/scanners/registry"
	"github.com/stackaudit/stackaudit/scanners/salesforce"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const scanCanary = "pat-na1-CANARY-0000-1111-2222-333344445555"

// scanFixture starts the HubSpot simulator and writes an inventory whose
// HubSpot tool is scanned with HUBSPOT_TOKEN.
func scanFixture(t *testing.T) (dir, endpoint string) {
	t.Helper()
	at := time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)
	sb := hubspot.Simulator().New(hubspot.SandboxSeed{
		Access: sandbox.Access{Token: scanCanary, PageSize: 1},
		Users:  []hubspot.SandboxUser{{ID: "1", Email: "dana@acme.example"}, {ID: "2", Email: "sam@acme.example"}},
		Logins: []hubspot.SandboxLogin{{ID: "9", UserID: 1, Email: "dana@acme.example", LoginAt: at, Succeeded: true}},
	}, sandbox.Faults{})
	urls, stop, err := sb.Start(context.Background())
	require.NoError(t, err)
	t.Cleanup(stop)
	dir = t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(`tool "hubspot" {
  category = "marketing-automation"

  cost {
    amount = 1000
    period = "month"
    seats  = 5
  }

  scan "hubspot" {
    token_env = "HUBSPOT_TOKEN"
  }
}
`), 0o644))
	return dir, "hubspot=" + urls["hubspot"]
}

func runWithEnv(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
		now:    func() time.Time { return time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC) },
		getenv: func(k string) string { return vars[k] }}
	return run(args, e), out.String(), errOut.String()
}

func TestScanWritesSnapshot(t *testing.T) {
	dir, endpoint := scanFixture(t)
	code, stdout, stderr := runWithEnv(t, map[string]string{"HUBSPOT_TOKEN": scanCanary},
		"scan", "--as-of", "2026-11-20", "--endpoint", endpoint, dir)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "[1/1] hubspot (hubspot): ok")
	assert.Regexp(t, `hubspot +hubspot +ok +2 +1 `, stdout)
	snap, err := usage.Read(filepath.Join(dir, ".stackaudit", "snapshots", "2026-11-20.json"))
	require.NoError(t, err)
	u := snap.Tools["hubspot"]
	require.True(t, u.Measured())
	assert.Equal(t, 2, u.Seats.Assigned)
	assert.Equal(t, 1, u.Active.D30)
	// check reads it by default and sees the usage.
	code, stdout, _ = runWithEnv(t, nil, "check", "--as-of", "2026-11-20", "--format", "json", "--fail-on", "none", dir)
	require.Equal(t, exitOK, code)
	assert.Contains(t, stdout, `"active_30d": 1`)
}

// TestScanFailureKeepsTheOldSnapshot: a rejected token is exit 3, names the
// variable and not its value, and the previous snapshot stays; with
// --allow-partial the snapshot records the error.
func TestScanFailureKeepsTheOldSnapshot(t *testing.T) {
	dir, endpoint := scanFixture(t)
	old := filepath.Join(dir, "old.json")
	require.NoError(t, usage.Write(old, &usage.Snapshot{Tools: map[string]*usage.ToolUsage{}}))
	before, _ := os.ReadFile(old)
	wrong := "pat-na1-WRONG-9999-8888-7777-666655554444"
	code, stdout, stderr := runWithEnv(t, map[string]string{"HUBSPOT_TOKEN": wrong}, "scan", "--endpoint", endpoint, "-o", old, dir)
	assert.Equal(t, exitScan, code)
	assert.Contains(t, stdout+stderr, "HUBSPOT_TOKEN")
	assert.NotContains(t, stdout+stderr, wrong)
	assert.Contains(t, stderr, "no snapshot written")
	after, _ := os.ReadFile(old)
	assert.Equal(t, before, after)

	code, _, stderr = runWithEnv(t, map[string]string{"HUBSPOT_TOKEN": wrong}, "scan", "--allow-partial", "--endpoint", endpoint, "-o", old, dir)
	require.Equal(t, exitOK, code, stderr)
	snap, err := usage.Read(old)
	require.NoError(t, err)
	assert.Equal(t, usage.StatusError, snap.Tools["hubspot"].Status)
	raw, _ := os.ReadFile(old)
	assert.NotContains(t, string(raw), wrong)
}

func TestScanUsageErrors(t *testing.T) {
	dir, _ := scanFixture(t)
	for _, args := range [][]string{
		{"scan", "--endpoint", "hubspot", dir},
		{"scan", "--endpoint", "marketo=https://x.example", dir},
		{"scan", "--endpoint", "hubspot=ftp://x.example", dir},
		{"scan", "--only", "nope", dir},
		{"scan", "--concurrency", "0", dir},
	} {
		code, _, stderr := runWithEnv(t, nil, args...)
		assert.Equal(t, exitInvalid, code, "%v: %s", args, stderr)
	}
}

// TestOnlyScanReadsCredentials: validate, check, audit and fmt never read
// an environment variable (the only way credentials come in).
func TestOnlyScanReadsCredentials(t *testing.T) {
	out := filepath.Join(t.TempDir(), "a.xlsx")
	for _, args := range [][]string{
		{"validate", "../../examples/acme"},
		{"check", "--as-of", "2026-11-20", "--fail-on", "none", "../../examples/acme"},
		{"audit", "--as-of", "2026-11-20", "-o", out, "../../examples/acme"},
		{"fmt", "-check", "../../examples/acme"},
	} {
		var out, errOut bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, now: time.Now,
			getenv: func(k string) string { t.Errorf("%s read the environment variable %s", args[0], k); return "" }}
		assert.Equal(t, exitOK, run(args, e), "%v: %s", args, errOut.String())
	}
}

// TestSandboxScanOfAcme scans examples/acme against the built-in simulator,
// seeded from its committed snapshot, through real HTTP on loopback: every
// kind answers, the kinds that report activity measure what the snapshot
// recorded, discovery finds the same tools and integrations, and no
// credential variable is read.
func TestSandboxScanOfAcme(t *testing.T) {
	acme, err := filepath.Abs("../../examples/acme")
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "snap.json")
	var read []string
	var stdout, stderr bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
		now:    func() time.Time { return time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC) },
		getenv: func(k string) string { read = append(read, k); return "" }}
	code := run([]string{"scan", acme, "--sandbox", "--as-of", "2026-11-20", "-o", out}, e)
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	assert.Empty(t, read, "--sandbox read credential variables")

	got, err := usage.Read(out)
	require.NoError(t, err)
	want, err := usage.Read(filepath.Join(acme, ".stackaudit/snapshots/2026-11-20.json"))
	require.NoError(t, err)
	// The snapshot says it was simulated, and so does every check of it.
	assert.True(t, got.Simulated, "a sandbox snapshot is marked simulated")
	assert.False(t, want.Simulated, "a measured snapshot is not")
	_, _, checkErr := runWithEnv(t, nil, "check", acme, "--snapshot", out, "--as-of", "2026-11-20", "--fail-on", "none")
	assert.Contains(t, checkErr, "usage: SIMULATED (sandbox), not measured from vendors")
	for id, u := range got.Tools {
		assert.Equal(t, usage.StatusOK, u.Status, "%s: %s", id, u.Error)
	}
	for _, id := range []string{"hubspot", "salesforce", "salesforce_platform", "hotjar", "amplitude", "marketo", "mixpanel", "sprout_social"} {
		g, w := got.Tools[id], want.Tools[id]
		assert.Equal(t, w.Seats.Assigned, g.Seats.Assigned, "%s assigned", id)
		// Okta's per-app activity is each user's last SSO to the app, in
		// the simulated System Log.
		assert.Equal(t, w.Active, g.Active, "%s active", id)
	}
	// Vendors without activity dates say so, instead of reporting nobody
	// active.
	assert.True(t, got.Tools["segment"].NoActivity, "segment")
	assert.True(t, got.Tools["github"].NoActivity, "github org members")
	assert.False(t, got.Tools["hubspot"].NoActivity, "hubspot")
	key := func(d usage.DiscoveredTool) string {
		return fmt.Sprintf("%s|%s|%s|%d", d.Source, d.Name, d.Product, d.Users)
	}
	assert.ElementsMatch(t, keys(want.Discovered.Tools, key), keys(got.Discovered.Tools, key))
	ikey := func(i usage.Integration) string { return i.Product + "|" + i.Repo + "|" + i.Path }
	assert.ElementsMatch(t, keys(want.Discovered.Integrations, ikey), keys(got.Discovered.Integrations, ikey))
	assert.Len(t, got.Discovered.Flows, len(want.Discovered.Flows))
	assert.Empty(t, got.Discovered.Errors)

	// Matched against the inventory, what the sandbox scan discovered
	// gives the same discovery findings as the committed snapshot.
	discoveryFindings := func(snapshot string) []string {
		code, stdout, stderr := runWithEnv(t, nil, "check", acme, "--snapshot", snapshot, "--as-of", "2026-11-20", "--fail-on", "none", "--format", "json")
		require.Equal(t, exitOK, code, stderr)
		var res struct {
			Findings []struct {
				Rule    string `json:"rule"`
				Message string `json:"message"`
			} `json:"findings"`
		}
		require.NoError(t, json.Unmarshal([]byte(stdout), &res))
		var out []string
		for _, f := range res.Findings {
			switch f.Rule {
			case "undeclared-tool", "undeclared-flow", "risky-oauth-grant":
				out = append(out, f.Rule+": "+f.Message)
			}
		}
		return out
	}
	wantFindings := discoveryFindings(filepath.Join(acme, ".stackaudit/snapshots/2026-11-20.json"))
	assert.NotEmpty(t, wantFindings)
	assert.Equal(t, wantFindings, discoveryFindings(out))
}

// keys returns the key of each element of s.
func keys[T any](s []T, key func(T) string) []string {
	out := make([]string, 0, len(s))
	for _, x := range s {
		out = append(out, key(x))
	}
	return out
}

// TestScanWithoutAnyTokenKeepsTheOldSnapshot: a run where every tool is
// skipped measured nothing, and must not replace that day's snapshot.
func TestScanWithoutAnyTokenKeepsTheOldSnapshot(t *testing.T) {
	dir, endpoint := scanFixture(t)
	out := filepath.Join(dir, "snap.json")
	require.NoError(t, os.WriteFile(out, []byte("previous"), 0o644))
	code, _, stderr := runWithEnv(t, nil, "scan", dir, "--endpoint", endpoint, "-o", out)
	assert.Equal(t, exitScan, code)
	assert.Contains(t, stderr, "Nothing was measured")
	data := readFile(t, out)
	assert.Equal(t, "previous", string(data))
}

// interruptedScanFixture is scanFixture's inventory with an endpoint (the
// --endpoint value) whose calls hang: once the simulator sees the scan's
// first call, the process gets SIGINT, as from Ctrl-C. The signal handler
// is installed before the first request, so the signal reaches the
// command. The tests that use it are not parallel.
func interruptedScanFixture(t *testing.T) (dir, endpoint string) {
	t.Helper()
	sb := hubspot.Simulator().New(hubspot.SandboxSeed{Access: sandbox.Access{Token: scanCanary}}, sandbox.Faults{Hang: true})
	urls, stop, err := sb.Start(context.Background())
	require.NoError(t, err)
	t.Cleanup(stop)
	dir, _ = scanFixture(t)
	go func() {
		for len(sb.Requests()) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		_ = syscall.Kill(os.Getpid(), syscall.SIGINT)
	}()
	return dir, "hubspot=" + urls["hubspot"]
}

// TestScanInterruptKeepsTheOldSnapshot sends the process SIGINT while a
// call hangs: the call is cancelled at once, the command exits 3 and the
// previous snapshot is untouched. Not parallel: it signals the process.
func TestScanInterruptKeepsTheOldSnapshot(t *testing.T) {
	dir, endpoint := interruptedScanFixture(t)
	out := filepath.Join(dir, "snap.json")
	require.NoError(t, os.WriteFile(out, []byte("previous"), 0o644))
	// The call hangs for longer than go test's own timeout: only the
	// interrupt can end it, so a run that returns was cancelled.
	code, _, stderr := runWithEnv(t, map[string]string{"HUBSPOT_TOKEN": scanCanary},
		"scan", dir, "--endpoint", endpoint, "--timeout", "24h", "-o", out)
	assert.Equal(t, exitScan, code)
	assert.Contains(t, stderr, "Interrupted: no snapshot written")
	data, _ := os.ReadFile(out)
	assert.Equal(t, "previous", string(data))
}

// TestAuditScanNeverShowsTheToken runs audit --scan with a token the
// vendor rejects and --allow-partial: the workbook, the snapshot, stdout
// and stderr name the variable but never contain its value.
func TestAuditScanNeverShowsTheToken(t *testing.T) {
	dir, endpoint := scanFixture(t)
	wrong := "pat-na1-CANARY-REJECTED-1234-5678-9012"
	xlsx := filepath.Join(t.TempDir(), "audit.xlsx")
	code, stdout, stderr := runWithEnv(t, map[string]string{"HUBSPOT_TOKEN": wrong},
		"audit", dir, "--scan", "--allow-partial", "--endpoint", endpoint, "--as-of", "2026-11-20", "-o", xlsx)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout+stderr, "HUBSPOT_TOKEN")
	assert.NotContains(t, stdout+stderr, wrong)
	snap := readFile(t, filepath.Join(dir, ".stackaudit", "snapshots", "2026-11-20.json"))
	assert.Contains(t, string(snap), "HUBSPOT_TOKEN")
	assert.NotContains(t, string(snap), wrong)
	zr, err := zip.OpenReader(xlsx)
	require.NoError(t, err)
	defer zr.Close()
	seen := false
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		rc.Close()
		require.NoError(t, err)
		assert.NotContains(t, string(data), wrong, f.Name)
		seen = seen || strings.Contains(string(data), "HUBSPOT_TOKEN")
	}
	assert.True(t, seen, "the workbook does not say which token failed: the test proves little")
}

// TestScanProgressBarOnATerminal: on a terminal the progress is a bar
// (count, current vendor), not the plain lines CI logs get.
func TestScanProgressBarOnATerminal(t *testing.T) {
	dir, endpoint := scanFixture(t)
	var stdout, stderr bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, stderrTTY: true,
		now:    func() time.Time { return time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC) },
		getenv: func(k string) string { return map[string]string{"HUBSPOT_TOKEN": scanCanary}[k] }}
	code := run([]string{"scan", dir, "--endpoint", endpoint, "-o", filepath.Join(dir, "s.json")}, e)
	require.Equal(t, exitOK, code, stderr.String())
	assert.Contains(t, stderr.String(), "scanning hubspot")
	assert.Regexp(t, `\([01]/1\)`, stderr.String())
	assert.NotContains(t, stderr.String(), "[1/1] hubspot (hubspot): ok", "plain lines on a terminal")
	assert.Regexp(t, `hubspot +hubspot +ok +2 +1 `, stdout.String(), "the summary table")
}

// TestScanWithNothingToScan: an inventory without scan or discovery
// blocks is an input error, and no empty snapshot is written.
func TestScanWithNothingToScan(t *testing.T) {
	minimal, err := filepath.Abs("../../examples/minimal")
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "snap.json")
	code, _, stderr := runWithEnv(t, nil, "scan", minimal, "--sandbox", "-o", out)
	assert.Equal(t, exitInvalid, code)
	assert.Contains(t, stderr, "nothing to scan")
	assert.NoFileExists(t, out)
}

// TestScanProgressOnADumbTerminal: TERM=dumb cannot redraw a bar, so a
// terminal that says so gets the plain lines CI logs get.
func TestScanProgressOnADumbTerminal(t *testing.T) {
	dir, endpoint := scanFixture(t)
	var stdout, stderr bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, stderrTTY: true, dumbTerm: true,
		now:    func() time.Time { return time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC) },
		getenv: func(k string) string { return map[string]string{"HUBSPOT_TOKEN": scanCanary}[k] }}
	code := run([]string{"scan", dir, "--endpoint", endpoint, "-o", filepath.Join(dir, "s.json")}, e)
	require.Equal(t, exitOK, code, stderr.String())
	assert.Contains(t, stderr.String(), "[1/1] hubspot (hubspot): ok")
	assert.NotRegexp(t, `\([01]/1\)`, stderr.String(), "no bar")
}

// TestSandboxScanOfAcmeSignsInEveryWay: the acme sandbox scan goes through
// every token endpoint and every credential flow the scanners have:
// Google's service-account JWT, Okta's private_key_jwt, and Salesforce's
// JWT bearer (salesforce) and client credentials (salesforce_platform)
// flows, each answered by the simulator, which refuses a bad assertion or
// secret.
func TestSandboxScanOfAcmeSignsInEveryWay(t *testing.T) {
	inv, diags := loadWithKinds("../../examples/acme")
	require.False(t, diags.HasErrors(), diags.Error())
	asOf := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	opts := scanners.RunOptions{Kinds: registry.Kinds(), AsOf: asOf}
	sb, stop, err := startSandbox(t.Context(), inv, asOf, &opts)
	require.NoError(t, err)
	defer stop()
	snap, _ := scanners.Run(t.Context(), inv, opts)

	// Each block's variable holds the credential of its own flow.
	for name, want := range map[string]string{
		"SALESFORCE_CLIENT_SECRET": salesforce.SandboxClientSecret,
		"SALESFORCE_PRIVATE_KEY":   "-----BEGIN",
		"OKTA_PRIVATE_KEY":         "-----BEGIN",
		"GOOGLE_TOKEN":             `"type":"service_account"`,
	} {
		assert.Contains(t, opts.Getenv(name), want, name)
	}
	tokenPosts := map[string]int{}
	for _, r := range sb.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "token") {
			tokenPosts[r.Vendor+" "+r.Path]++
		}
	}
	assert.Equal(t, map[string]int{
		// Entra client credentials: the Outreach scan and the discovery.
		"entra_id /acme-sales.onmicrosoft.com/oauth2/v2.0/token": 2,
		"google_workspace /token":                                1,
		"okta /oauth2/v1/token":                                  5, // one a block: four scans and the discovery
		"salesforce /services/oauth2/token":                      2,
	}, tokenPosts)
	for _, id := range []string{"salesforce", "salesforce_platform"} {
		u := snap.Tools[id]
		require.NotNil(t, u, id)
		assert.Equal(t, usage.StatusOK, u.Status, "%s: %s", id, u.Error)
	}
	assert.Empty(t, snap.Discovered.Errors)
}

// TestScanSummaryUnits: the summary table says "contacts" for a
// contact-billed tool and shows no active count where the vendor gives no
// activity dates (a 0 there read as "nobody active").
func TestScanSummaryUnits(t *testing.T) {
	snap := &usage.Snapshot{Tools: map[string]*usage.ToolUsage{
		"mailchimp": {Scanner: "mailchimp", Status: usage.StatusOK, Unit: usage.UnitContacts, Seats: usage.Seats{Assigned: 48210}},
		"github":    {Scanner: "github", Status: usage.StatusOK, NoActivity: true, Seats: usage.Seats{Assigned: 23}},
		"hubspot":   {Scanner: "hubspot", Status: usage.StatusOK, Seats: usage.Seats{Assigned: 29}, Active: usage.Active{D30: 26}},
	}}
	var out bytes.Buffer
	printScanSummary(&env{stdout: &out}, snap, []scanners.ToolResult{
		{Tool: "mailchimp", Kind: "mailchimp", Status: "ok"},
		{Tool: "github", Kind: "github", Status: "ok"},
		{Tool: "hubspot", Kind: "hubspot", Status: "ok"},
	})
	fields := map[string][]string{}
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			fields[f[0]] = f
		}
	}
	assert.Equal(t, []string{"mailchimp", "mailchimp", "ok", "48210", "contacts", "-", "0s"}, fields["mailchimp"])
	assert.Equal(t, []string{"github", "github", "ok", "23", "-", "0s"}, fields["github"])
	assert.Equal(t, []string{"hubspot", "hubspot", "ok", "29", "26", "0s"}, fields["hubspot"])
}

// TestWroteLineEscapesThePath: the "Wrote PATH" line escapes a control
// character in the output path as diagnostics do, so a crafted file name
// cannot rewrite or recolour what the terminal shows.
func TestWroteLineEscapesThePath(t *testing.T) {
	dir, endpoint := scanFixture(t)
	out := filepath.Join(t.TempDir(), "snap\x1b[2K.json")
	code, stdout, stderr := runWithEnv(t, map[string]string{"HUBSPOT_TOKEN": scanCanary},
		"scan", "--as-of", "2026-11-20", "--endpoint", endpoint, "-o", out, dir)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, `snap\x1b[2K.json`)
	assert.NotContains(t, stdout, "\x1b")
	_, err := usage.Read(out)
	assert.NoError(t, err)
}
