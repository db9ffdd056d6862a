package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/usage"
)

// TestAuditInterrupted signals `audit --sandbox` at random points (a fixed
// seed, printed with a failure, so a failure repeats) with SIGINT, SIGTERM
// and SIGKILL: the previous workbook is either left byte for byte or
// replaced by a complete one, every snapshot left reads, and after SIGINT
// or SIGTERM no temporary file is left.
// The delays only spread the signals over the run; nothing is asserted
// about time.
func TestAuditInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs audits")
	}
	bin := builtCLI(t)
	dir := copyExample(t, "acme")
	out := filepath.Join(t.TempDir(), "audit.xlsx")
	args := []string{"audit", dir, "--sandbox", "--as-of", "2026-11-20", "-o", out}
	if code, _, _, _ := runHostile(t, bin, strings.Join(args, " "), ""); code != 0 {
		t.Fatalf("the first audit exited %d", code)
	}
	rng := rand.New(rand.NewPCG(16, faultSeed))
	signals := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL}
	for i := range 9 {
		sig := signals[i%len(signals)]
		before := readFile(t, out)
		delay := time.Duration(rng.IntN(1500)) * time.Millisecond
		where := fmt.Sprintf("%v after %s (seed %d, run %d)", sig, delay, faultSeed, i)
		ctx, cancel := context.WithTimeout(context.Background(), hostileDeadline)
		signalRun(ctx, t, exec.CommandContext(ctx, bin, args...), delay, sig, where)
		cancel()
		after, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("%s: the workbook is gone: %v", where, err)
		}
		if !bytes.Equal(before, after) {
			if _, err := zip.NewReader(bytes.NewReader(after), int64(len(after))); err != nil {
				t.Errorf("%s: the workbook was replaced by a broken one: %v", where, err)
			}
		}
		checkSnapshots(t, dir, where, sig)
		entries, _ := os.ReadDir(filepath.Dir(out))
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmp") {
				if sig != syscall.SIGKILL {
					t.Errorf("%s left %s", where, e.Name())
				}
				_ = os.Remove(filepath.Join(filepath.Dir(out), e.Name())) // SIGKILL cannot clean up
			}
		}
	}
}

// signalRun starts cmd, sends it sig after delay (which only places the
// signal in the run) and waits for it; a run still going when ctx ends is
// a hang.
func signalRun(ctx context.Context, t *testing.T, cmd *exec.Cmd, delay time.Duration, sig os.Signal, where string) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(delay)
	_ = cmd.Process.Signal(sig)
	_ = cmd.Wait()
	if ctx.Err() != nil {
		t.Fatalf("%s: %s still running after %s", where, filepath.Base(cmd.Path), hostileDeadline)
	}
}

// checkSnapshots reads every snapshot the audits left.
func checkSnapshots(t *testing.T, dir, where string, sig os.Signal) {
	t.Helper()
	_ = filepath.WalkDir(filepath.Join(dir, ".stackaudit"), func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		switch {
		case strings.HasSuffix(p, ".json"):
			if _, err := usage.Read(p); err != nil {
				t.Errorf("%s left a snapshot that does not read: %v", where, err)
			}
		case strings.HasSuffix(p, ".tmp"):
			if sig != syscall.SIGKILL {
				t.Errorf("%s left %s", where, p)
			}
			_ = os.Remove(p)
		}
		return nil
	})
}

// faultSeed seeds the signal timings of the fault tests: a failure prints
// it with the delay, and the same seed repeats the same timings.
const faultSeed = 2026

// TestScanInterrupted signals `scan` at random points (seeded) with
// SIGINT, SIGTERM and SIGKILL while it pages through a slow vendor (an
// httptest server that answers each page after a pause, so the signal
// lands mid-scan or mid-write): the previous snapshot is either left byte
// for byte or replaced by a complete one that reads, an interrupted run
// exits 3 (or 0 when it had already finished, or dies of the signal when
// it came before the handler), and after SIGINT or SIGTERM no temporary
// file is left. The delays only spread the signals
// over the run; nothing is asserted about time.
func TestScanInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs scans")
	}
	bin := builtCLI(t)
	const pages = 40
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "login") {
			_, _ = w.Write([]byte(`{"results": []}`))
			return
		}
		n, _ := strconv.Atoi(r.URL.Query().Get("after"))
		time.Sleep(20 * time.Millisecond) // a slow vendor: spreads the scan so that signals land in it
		next := ""
		if n+1 < pages {
			next = fmt.Sprintf(`, "paging": {"next": {"after": "%d"}}`, n+1)
		}
		fmt.Fprintf(w, `{"results": [{"id": "%d", "email": "u%d@example.com"}]%s}`, n, n, next)
	}))
	defer srv.Close()
	dir := t.TempDir()
	inv := "organization {\n  name = \"F\"\n  currency = \"USD\"\n}\nteam \"m\" {\n  name = \"M\"\n}\ntool \"hubspot\" {\n  category = \"marketing-automation\"\n  owner = team.m\n  scan \"hubspot\" {\n    token_env = \"HUBSPOT_TOKEN\"\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(inv), 0o644); err != nil {
		t.Fatal(err)
	}
	outDir := t.TempDir()
	out := filepath.Join(outDir, "2026-11-20.json")
	args := []string{"scan", dir, "--as-of", "2026-11-20", "--endpoint", "hubspot=" + srv.URL, "-o", out}
	run := func(ctx context.Context) *exec.Cmd {
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = append(os.Environ(), "HUBSPOT_TOKEN=pat-na1-fault-token", "NO_COLOR=1")
		return cmd
	}
	if b, err := run(context.Background()).CombinedOutput(); err != nil {
		t.Fatalf("the first scan failed: %v\n%s", err, b)
	}
	rng := rand.New(rand.NewPCG(faultSeed, 16))
	signals := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL}
	for i := range 12 {
		sig := signals[i%len(signals)]
		delay := time.Duration(rng.IntN(1500)) * time.Millisecond
		where := fmt.Sprintf("%v after %s (seed %d, run %d)", sig, delay, faultSeed, i)
		before := readFile(t, out)
		ctx, cancel := context.WithTimeout(context.Background(), hostileDeadline)
		cmd := run(ctx)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		signalRun(ctx, t, cmd, delay, sig, where)
		cancel()
		// A signal that lands before scan installs its handler (while
		// the process starts or loads the inventory, before anything is
		// written) ends the process as the signal does by default.
		ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
		t.Logf("%s: %s", where, cmd.ProcessState) // where the signals landed
		if code := cmd.ProcessState.ExitCode(); sig != syscall.SIGKILL && code != exitOK && code != exitScan && (!ws.Signaled() || ws.Signal() != sig) {
			t.Errorf("%s: exit %d, want 3 (interrupted) or 0 (done before the signal); stderr:\n%s", where, code, stderr.String())
		}
		after, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("%s: the snapshot is gone: %v", where, err)
		}
		if !bytes.Equal(before, after) {
			if _, err := usage.Read(out); err != nil {
				t.Errorf("%s: the snapshot was replaced by one that does not read: %v", where, err)
			}
		}
		entries, _ := os.ReadDir(outDir)
		for _, e := range entries {
			if e.Name() == filepath.Base(out) {
				continue
			}
			if sig != syscall.SIGKILL {
				t.Errorf("%s left %s", where, e.Name())
			}
			_ = os.Remove(filepath.Join(outDir, e.Name())) // SIGKILL cannot clean up
		}
	}
}

// TestReadOnlyOutputFolder: a report, a snapshot or a workbook into a
// folder that cannot be written fails with exit 2 and an error naming the
// folder; the file already there is left as it was. Root ignores
// permission bits, so as root the folder is a read-only tmpfs mount; where
// neither works the test skips and says why.
func TestReadOnlyOutputFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	ro := t.TempDir()
	previousOutputs(t, ro)
	readOnly(t, ro)
	assertOutputRefused(t, ro, []outputCase{
		{"check", "check --as-of 2026-11-20 --fail-on none -o {OUT}/report.txt {INV}", "report.txt"},
		{"check --write-baseline", "check --as-of 2026-11-20 --write-baseline {OUT}/report.txt {INV}", "report.txt"},
		{"scan --sandbox", "scan --sandbox --as-of 2026-11-20 -o {OUT}/snap.json ../../examples/acme", "snap.json"},
		{"audit", "audit --as-of 2026-11-20 -o {OUT}/audit.xlsx {INV}", "audit.xlsx"},
	}, func(string) []string { return []string{ro, "read-only"} }) // the folder, and why
}

// outputCase is a command that writes file into the folder {OUT}; {INV}
// is a copy of the minimal example.
type outputCase struct{ name, args, file string }

// previousOutputs writes the files the output cases replace, each saying
// "previous NAME": a write that fails must leave them as they were.
func previousOutputs(t *testing.T, dir string) {
	t.Helper()
	for _, name := range []string{"report.txt", "snap.json", "audit.xlsx"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("previous "+name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// assertOutputRefused runs each case with its output in dir, a folder
// that refuses writes for some reason, and asserts what every such
// refusal must do whatever the reason: exit 2, an error that says
// mentions(file), the previous file unchanged and no temporary file left.
// It is shared by the tests of the reasons (read-only folder, full disk).
func assertOutputRefused(t *testing.T, dir string, cases []outputCase, mentions func(file string) []string) {
	t.Helper()
	bin := builtCLI(t)
	minimal := copyExample(t, "minimal")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := strings.NewReplacer("{OUT}", dir, "{INV}", minimal).Replace(c.args)
			code, stderr, _, _ := runHostile(t, bin, args, "")
			if code != exitInvalid {
				t.Errorf("exit %d, want 2; stderr:\n%s", code, stderr)
			}
			for _, w := range mentions(c.file) {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if got, _ := os.ReadFile(filepath.Join(dir, c.file)); string(got) != "previous "+c.file {
				t.Errorf("%s was changed: %q", c.file, got)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".tmp") {
					t.Errorf("left %s", e.Name())
				}
			}
		})
	}
}

// readOnly makes dir unwritable: a read-only tmpfs over it as root (root
// ignores permission bits), else mode 0555. It skips the test, saying
// why, when neither holds.
func readOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
		return
	}
	// Keep the files: mount over a copy, read-only.
	stage := t.TempDir()
	if err := os.CopyFS(stage, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("running as root and cannot mount a tmpfs to make a read-only folder (%v: %s): skipped", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", dir).Run() })
	if err := os.CopyFS(dir, os.DirFS(stage)); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot remount the tmpfs read-only (%v: %s): skipped", err, out)
	}
}

// TestFullDisk: a report, a snapshot or a workbook onto a disk with no
// room left fails with exit 2, an error that names the file and says the
// disk is full, and no temporary file; the previous file is intact. The
// disk is a 64 KiB tmpfs, filled but for a few hundred bytes; the test
// skips, saying why, where it cannot mount one (not root, no tmpfs).
func TestFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root: skipped (run the suite as root, e.g. in the CI container, to test a full disk)")
	}
	disk := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a 64 KiB tmpfs (%v: %s): skipped", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", disk).Run() })
	previousOutputs(t, disk)
	// Fill the disk: a tmpfs counts whole pages, so write until it refuses.
	fill, err := os.Create(filepath.Join(disk, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	page := make([]byte, 512)
	for {
		if _, err := fill.Write(page); err != nil {
			break
		}
	}
	_ = fill.Close()
	assertOutputRefused(t, disk, []outputCase{
		{"check", "check --as-of 2026-11-20 --fail-on none --format json -o {OUT}/report.txt {INV}", "report.txt"},
		{"scan --sandbox", "scan --sandbox --as-of 2026-11-20 -o {OUT}/snap.json ../../examples/acme", "snap.json"},
		{"audit", "audit --as-of 2026-11-20 -o {OUT}/audit.xlsx {INV}", "audit.xlsx"},
	}, func(file string) []string { return []string{filepath.Join(disk, file), "disk is full"} })
}
