package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/internal/synth"
	"github.com/stackaudit/stackaudit/scanners/hubspot"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// BenchmarkValidateProcess runs `stackaudit validate` as a separate process
// on the synthetic inventory of the inventory issue and reports wall time
// and peak resident memory (targets: 1.5 s, 1 GB).
func BenchmarkValidateProcess(b *testing.B) {
	bin, dir := benchSetup(b)
	benchProcess(b, bin, "validate", "-q", dir)
}

// BenchmarkCheckProcess runs `stackaudit check` as a process on the same
// inventory with the built-in rules and five custom policies, the figures
// of the policy issue (3 s, 1.5 GB).
func BenchmarkCheckProcess(b *testing.B) {
	bin, dir := benchSetup(b)
	if err := os.WriteFile(filepath.Join(dir, "policies.hcl"), []byte(benchPolicies), 0o644); err != nil {
		b.Fatal(err)
	}
	benchProcess(b, bin, "check", "--as-of", "2026-11-20", "--fail-on", "none", "-o", os.DevNull, dir)
}

// BenchmarkAuditProcess writes the audit workbook of the same inventory as
// a process, the figures of the workbook issue (10 s, 1.5 GB).
func BenchmarkAuditProcess(b *testing.B) {
	bin, dir := benchSetup(b)
	out := filepath.Join(b.TempDir(), "audit.xlsx")
	benchProcess(b, bin, "audit", "--as-of", "2026-11-20", "-q", "-o", out, dir)
}

// BenchmarkValidateDiagnosticsProcess runs `stackaudit validate` as a
// process on synthetic inventories where every tool has a category and
// capabilities of its own (not in the taxonomy: warnings) and 5% of the
// references name nothing (errors), at 1k, 10k and 100k flows (a tenth as
// many tools): it measures the time to produce tens of thousands of
// diagnostics, which must grow linearly (µs/flow flat). "all" prints every
// warning (--no-consolidate). Targets at 100k flows: 2 s, 1 GB.
func BenchmarkValidateDiagnosticsProcess(b *testing.B) {
	bin, tmp := benchBuild(b)
	for _, c := range diagBenchCases {
		b.Run(c.name, func(b *testing.B) {
			dir := diagBenchInventory(b, tmp, c.flows)
			args := append([]string{"validate"}, c.args...)
			benchProcessExit(b, exitInvalid, bin, append(args, dir)...)
			b.ReportMetric(b.Elapsed().Seconds()*1e6/float64(b.N)/float64(c.flows), "µs/flow")
		})
	}
}

// BenchmarkCheckDiagnosticsProcess is the same for `stackaudit check`,
// which exits 2 on these invalid inventories after printing the same
// diagnostics.
func BenchmarkCheckDiagnosticsProcess(b *testing.B) {
	bin, tmp := benchBuild(b)
	for _, c := range diagBenchCases {
		b.Run(c.name, func(b *testing.B) {
			dir := diagBenchInventory(b, tmp, c.flows)
			args := append([]string{"check", "--as-of", "2026-11-20", "--fail-on", "none", "-o", os.DevNull}, c.args...)
			benchProcessExit(b, exitInvalid, bin, append(args, dir)...)
			b.ReportMetric(b.Elapsed().Seconds()*1e6/float64(b.N)/float64(c.flows), "µs/flow")
		})
	}
}

var diagBenchCases = []struct {
	name  string
	flows int
	args  []string
}{
	{"flows=1000", 1_000, nil},
	{"flows=10000", 10_000, nil},
	{"flows=100000", 100_000, nil},
	{"flows=100000/all", 100_000, []string{"--no-consolidate", "--max-diagnostics", "0"}},
}

// diagBenchInventory writes (once per size) the inventory of the
// diagnostic benchmarks into tmp.
func diagBenchInventory(b *testing.B, tmp string, flows int) string {
	dir := filepath.Join(tmp, fmt.Sprintf("diag-%d", flows))
	if _, err := os.Stat(dir); err == nil {
		return dir
	}
	s := synth.Size{Tools: flows / 10, Flows: flows, Teams: max(5, flows/200), Files: 100, CustomTaxonomy: true, BadRefPercent: 5}
	if err := synth.Write(dir, s); err != nil {
		b.Fatal(err)
	}
	return dir
}

const benchPolicies = `
policy "owned-by-a-team-with-lead" {
  severity  = "medium"
  for_each  = tools
  condition = each.owner == null || try(each.owner.lead, null) != null
  message   = "${each.name} is owned by ${each.owner.name}, which has no lead"
}
policy "pii-needs-dpa" {
  severity  = "high"
  for_each  = tools
  condition = !anytrue([for d in each.stores : d.sensitivity == "personal"]) || try(each.contract.dpa, false)
  message   = "${each.name} stores personal data without a DPA"
}
policy "expensive-needs-sso" {
  for_each  = tools
  condition = coalesce(each.annual_cost, 0) < 50000 || try(each.sso, false)
  message   = "${each.name} costs ${each.annual_cost} a year without SSO"
}
policy "flows-have-method" {
  severity  = "low"
  for_each  = flows
  condition = each.method != null && each.method != "manual"
  message   = "flow ${each.id} is manual or has no method"
}
policy "sensitive-flows-owned" {
  for_each  = flows
  condition = !anytrue([for d in each.data : d.sensitivity == "sensitive"]) || each.owner != null
  message   = "flow ${each.id} carries sensitive data and has no owner"
}
`

// benchSetup builds the binary and writes the synthetic inventory of the
// issues: 10,000 tools, 100,000 flows, 500 teams in 100 files.
func benchSetup(b *testing.B) (bin, dir string) {
	bin, tmp := benchBuild(b)
	dir = filepath.Join(tmp, "inv")
	if err := synth.Write(dir, synth.Size{Tools: 10_000, Flows: 100_000, Teams: 500, Files: 100}); err != nil {
		b.Fatal(err)
	}
	return bin, dir
}

// benchBuild builds the binary into a temporary directory.
func benchBuild(b *testing.B) (bin, tmp string) {
	tmp = b.TempDir()
	bin = filepath.Join(tmp, "stackaudit")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Fatal(err)
	}
	return bin, tmp
}

// benchProcess runs the command b.N times and reports wall time and peak
// resident memory, the figures the targets are stated in.
func benchProcess(b *testing.B, bin string, args ...string) {
	benchProcessExit(b, 0, bin, args...)
}

// benchProcessExit is benchProcess for a command that exits with code.
func benchProcessExit(b *testing.B, code int, bin string, args ...string) {
	var peakKB int64
	var wall, cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(bin, args...)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		wall += time.Since(start)
		if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != code {
			b.Fatalf("%s: want exit %d, got %v\n%.2000s", args[0], code, err, out)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > peakKB {
			peakKB = ru.Maxrss
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "wall-ms/op")
	// On a shared machine the wall time says more about the neighbours;
	// the CPU time (user + system, all threads) does not.
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(peakKB)/1024, "peak-RSS-MB")
}

// BenchmarkScanLargeTenantProcess scans one HubSpot portal of N users (and
// one login each) as a process against the simulator, which runs in the
// benchmark's own process so that the scan's peak RSS is the scanner's
// alone. The 10k and 100k cases show how memory grows with the user count.
func BenchmarkScanLargeTenantProcess(b *testing.B) {
	bin, _ := benchBuild(b)
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("users=%d", n), func(b *testing.B) {
			at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
			seed := hubspot.SandboxSeed{Access: sandbox.Access{Token: "bench-token-123"}}
			for i := range n {
				seed.Users = append(seed.Users, hubspot.SandboxUser{ID: fmt.Sprint(i + 1), Email: fmt.Sprintf("user%d@acme.example", i)})
				seed.Logins = append(seed.Logins, hubspot.SandboxLogin{ID: fmt.Sprint(i), UserID: i + 1, Email: fmt.Sprintf("user%d@acme.example", i),
					LoginAt: at.Add(time.Duration(i) * time.Second), Succeeded: true})
			}
			urls, stop, err := hubspot.Simulator().New(seed, sandbox.Faults{}).Start(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			defer stop()
			dir := b.TempDir()
			src := "tool \"hubspot\" {\n  category = \"crm\"\n  scan \"hubspot\" {\n    token_env = \"HUBSPOT_TOKEN\"\n  }\n}\n"
			if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src), 0o644); err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(dir, "snap.json")
			b.Setenv("HUBSPOT_TOKEN", "bench-token-123")
			benchProcess(b, bin, "scan", dir, "-q", "--as-of", "2026-11-20", "-o", out,
				"--endpoint", "hubspot="+urls["hubspot"], "--rate", "hubspot=10000")
			snap, err := usage.Read(out)
			if err != nil {
				b.Fatal(err)
			}
			if u := snap.Tools["hubspot"]; u.Seats.Assigned != n || u.Active.D30 != n {
				b.Fatalf("scanned %+v", u.Seats)
			}
			fi, _ := os.Stat(out)
			b.ReportMetric(float64(fi.Size())/(1<<20), "snapshot-MB")
		})
	}
}
