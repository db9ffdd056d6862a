package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDiffBadInventories: `diff` exits 2 on every bad inventory of the
// inventory package, as HEAD (its diagnostics printed as check prints
// them) and as BASE (labelled as the base), never with a stack trace and
// never with a diff on stdout.
func TestDiffBadInventories(t *testing.T) {
	const good = "../../examples/acme"
	dirs, err := filepath.Glob("../../inventory/testdata/bad/*")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(dirs), 30)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "diff", "--as-of", "2026-11-20", good, dir)
			assert.Equal(t, exitInvalid, code, "bad head")
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, "Error")
			assert.NotContains(t, stderr, "base inventory")
			assert.NotContains(t, stderr, "goroutine")

			code, stdout, stderr = runCLI(t, "diff", "--as-of", "2026-11-20", dir, good)
			assert.Equal(t, exitInvalid, code, "bad base")
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, "Error: the base inventory ("+dir+") does not load")
			assert.NotContains(t, stderr, "goroutine")
		})
	}
}
