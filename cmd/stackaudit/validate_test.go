package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCLI runs the CLI in-process with captured streams.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, now: func() time.Time {
		return time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	}}
	code = run(args, e)
	return code, out.String(), errOut.String()
}

// TestValidateBadInventories: `stackaudit validate` exits 2 on every bad
// inventory of the inventory package, printing exactly its golden
// diagnostics (the goldens are rendered by the same writer, from the
// inventory folder, hence the path prefix).
func TestValidateBadInventories(t *testing.T) {
	const root = "../../inventory/"
	dirs, err := filepath.Glob(root + "testdata/bad/*")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(dirs), 30)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			// The goldens hold every diagnostic: nothing consolidated.
			code, stdout, stderr := runCLI(t, "validate", "--no-consolidate", dir)
			assert.Equal(t, exitInvalid, code)
			assert.Empty(t, stdout)
			want, err := os.ReadFile(filepath.Join(dir, "diagnostics.golden"))
			require.NoError(t, err)
			// Paths in details are longer from here, so hcl wraps
			// those lines elsewhere: compare the words.
			assert.Equal(t, strings.Join(strings.Fields(string(want)), " "), strings.Join(strings.Fields(strings.ReplaceAll(stderr, root, "")), " "))
			assert.NotContains(t, stderr, "goroutine", "no Go stack trace")
		})
	}
}

// TestOneValidationPath: every command that reads an inventory rejects
// exactly what validate rejects, with exit 2 and no output file, and
// rejects it before doing anything else (scan runs with no token set and
// no sandbox: a scan that started would exit 3, not 2). The corpus is every
// bad inventory of the repository, plus valid ones for the other
// direction.
func TestOneValidationPath(t *testing.T) {
	var dirs []string
	for _, pattern := range []string{
		"../../inventory/testdata/bad/*",
		"../../policies/testdata/bad/*",
		"testdata/bad/*",
	} {
		more, err := filepath.Glob(pattern)
		require.NoError(t, err)
		require.NotEmpty(t, more, pattern)
		dirs = append(dirs, more...)
	}
	// acme, since it has scan blocks: scan refuses an inventory with
	// nothing to scan (exit 2) although it is valid.
	dirs = append(dirs, "../../examples/acme")

	// One entry per command; a new command that reads an inventory (diff)
	// is one more line.
	commands := []struct {
		name string
		args func(dir, out string) []string
		ext  string
	}{
		{"check", func(dir, out string) []string { return []string{"check", "--as-of", "2026-11-20", "-o", out, dir} }, ".txt"},
		{"audit", func(dir, out string) []string { return []string{"audit", "--as-of", "2026-11-20", "-o", out, dir} }, ".xlsx"},
		{"scan", func(dir, out string) []string { return []string{"scan", "--as-of", "2026-11-20", "-o", out, dir} }, ".json"},
		{"diff", func(dir, out string) []string {
			return []string{"diff", "--as-of", "2026-11-20", "-o", out, "../../examples/acme", dir}
		}, ".txt"},
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(filepath.Dir(dir))+"/"+filepath.Base(dir), func(t *testing.T) {
			want, _, _ := runCLI(t, "validate", dir)
			require.Contains(t, []int{exitOK, exitInvalid}, want)
			for _, c := range commands {
				out := filepath.Join(t.TempDir(), "out"+c.ext)
				code, _, stderr := runCLI(t, c.args(dir, out)...)
				if want == exitInvalid {
					assert.Equal(t, exitInvalid, code, "%s exits 2 when validate does:\n%s", c.name, stderr)
					assert.NoFileExists(t, out, "%s writes nothing for an invalid inventory", c.name)
				} else {
					assert.NotEqual(t, exitInvalid, code, "%s accepts what validate accepts:\n%s", c.name, stderr)
				}
			}
		})
	}
}
