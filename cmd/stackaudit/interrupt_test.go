package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCheckInterruptedDuringPolicies: SIGINT or SIGTERM while check
// evaluates a custom policy that takes minutes (40 tools, each building
// 90,000-element lists, within the budget) stops the evaluation: exit
// 130, a message naming where it stopped, no report written. The signal
// lands while the policy is evaluated (check evaluates it twice, once to
// validate it and once for findings; the delay only places the signal in
// that long window). That the run returns early at all is what
// cancellation proves (without it, the policy finishes and check exits
// 0), so nothing is timed. Not parallel: it signals the process.
func TestCheckInterruptedDuringPolicies(t *testing.T) {
	minimal := readFile(t, "../../examples/minimal/main.hcl")
	dir := t.TempDir()
	var tools strings.Builder
	for i := range 40 {
		fmt.Fprintf(&tools, "tool \"t%d\" {\n  name = \"T%d\"\n  category = \"analytics\"\n  owner = team.marketing\n  status = \"active\"\n}\n", i, i)
	}
	files := map[string]string{
		"main.hcl":  string(minimal),
		"tools.hcl": tools.String(),
		"slow.hcl":  "policy \"slow\" {\n  severity = \"high\"\n  for_each = tools\n  condition = length([for a in range(300) : [for b in range(300) : \"${each.id}\"]]) > 0\n  message = \"x\"\n}\n",
	}
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "report.txt")
			var stderr bytes.Buffer
			e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &stderr,
				now:    func() time.Time { return time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC) },
				getenv: func(string) string { return "" }}
			go func() {
				time.Sleep(time.Second)
				_ = syscall.Kill(os.Getpid(), sig)
			}()
			code := run([]string{"check", "--as-of", "2026-11-20", "--fail-on", "none", "-o", out, dir}, e)
			assert.Equal(t, exitInterrupted, code, stderr.String())
			assert.Contains(t, stderr.String(), `Interrupted while evaluating policy "slow"`)
			assert.NoFileExists(t, out)
			entries, err := os.ReadDir(filepath.Dir(out))
			require.NoError(t, err)
			assert.Empty(t, entries, "no temporary file")
		})
	}
}
