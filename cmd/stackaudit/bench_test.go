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
// on the synthetic inventory of the issue (10,000 tools, 100,000 flows, 500
// teams in 100 files) and reports wall time and peak resident memory, the
// figures the targets are stated in (1.5 s, 1 GB).
func BenchmarkValidateProcess(b *testing.B) {
	tmp := b.TempDir()
	bin := filepath.Join(tmp, "stackaudit")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(tmp, "inv")
	if err := synth.Write(dir, synth.Size{Tools: 10_000, Flows: 100_000, Teams: 500, Files: 100}); err != nil {
		b.Fatal(err)
	}
	var peakKB int64
	var wall time.Duration
	for b.Loop() {
		cmd := exec.Command(bin, "validate", "-q", dir)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		wall += time.Since(start)
		if err != nil {
			b.Fatalf("validate failed: %v\n%s", err, out)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > peakKB {
			peakKB = ru.Maxrss
		}
	}
	b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "wall-ms/op")
	b.ReportMetric(float64(peakKB)/1024, "peak-RSS-MB")
}
