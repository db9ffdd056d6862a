package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/usage"
)

// TestAuditInterrupted signals `audit --sandbox` at random points (a fixed
// seed, so a failure repeats) with SIGINT and SIGKILL: the previous
// workbook is either left byte for byte or replaced by a complete one,
// every snapshot left reads, and after SIGINT no temporary file is left.
// The delays only spread the signals over the run; nothing is asserted
// about time.
func TestAuditInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs audits")
	}
	bin := buildBinary(t)
	dir := filepath.Join(t.TempDir(), "acme")
	if err := os.CopyFS(dir, os.DirFS("../../examples/acme")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "audit.xlsx")
	args := []string{"audit", dir, "--sandbox", "--as-of", "2026-11-20", "-o", out}
	if code, _, _ := runHostile(t, bin, strings.Join(args, " "), ""); code != 0 {
		t.Fatalf("the first audit exited %d", code)
	}
	rng := rand.New(rand.NewPCG(16, 2026))
	for i := range 8 {
		sig := syscall.SIGINT
		if i%2 == 1 {
			sig = syscall.SIGKILL
		}
		before, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.IntN(1500)) * time.Millisecond
		ctx, cancel := context.WithTimeout(context.Background(), hostileDeadline)
		cmd := exec.CommandContext(ctx, bin, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(sig)
		_ = cmd.Wait()
		if ctx.Err() != nil {
			t.Fatalf("audit still running %s after %v", hostileDeadline, sig)
		}
		cancel()
		after, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("%v after %s: the workbook is gone: %v", sig, delay, err)
		}
		if !bytes.Equal(before, after) {
			if _, err := zip.NewReader(bytes.NewReader(after), int64(len(after))); err != nil {
				t.Errorf("%v after %s: the workbook was replaced by a broken one: %v", sig, delay, err)
			}
		}
		checkSnapshots(t, dir, sig)
		entries, _ := os.ReadDir(filepath.Dir(out))
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmp") {
				if sig == syscall.SIGINT {
					t.Errorf("SIGINT after %s left %s", delay, e.Name())
				}
				_ = os.Remove(filepath.Join(filepath.Dir(out), e.Name())) // SIGKILL cannot clean up
			}
		}
	}
}

// checkSnapshots reads every snapshot the audits left.
func checkSnapshots(t *testing.T, dir string, sig os.Signal) {
	t.Helper()
	_ = filepath.WalkDir(filepath.Join(dir, ".stackaudit"), func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		switch {
		case strings.HasSuffix(p, ".json"):
			if _, err := usage.Read(p); err != nil {
				t.Errorf("%v left a snapshot that does not read: %v", sig, err)
			}
		case strings.HasSuffix(p, ".tmp"):
			if sig == syscall.SIGINT {
				t.Errorf("SIGINT left %s", p)
			}
			_ = os.Remove(p)
		}
		return nil
	})
}
