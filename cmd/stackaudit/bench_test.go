package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/internal/synth"
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
	tmp := b.TempDir()
	bin = filepath.Join(tmp, "stackaudit")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Fatal(err)
	}
	dir = filepath.Join(tmp, "inv")
	if err := synth.Write(dir, synth.Size{Tools: 10_000, Flows: 100_000, Teams: 500, Files: 100}); err != nil {
		b.Fatal(err)
	}
	return bin, dir
}

// benchProcess runs the command b.N times and reports wall time and peak
// resident memory, the figures the targets are stated in.
func benchProcess(b *testing.B, bin string, args ...string) {
	var peakKB int64
	var wall time.Duration
	for b.Loop() {
		cmd := exec.Command(bin, args...)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		wall += time.Since(start)
		if err != nil {
			b.Fatalf("%s failed: %v\n%.2000s", args[0], err, out)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > peakKB {
			peakKB = ru.Maxrss
		}
	}
	b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "wall-ms/op")
	b.ReportMetric(float64(peakKB)/1024, "peak-RSS-MB")
}
