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
