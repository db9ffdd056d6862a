package synth_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/internal/synth"
	"github.com/stackaudit/stackaudit/inventory"
)

// digest hashes every file below dir, names and contents, in walk order.
func digest(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(filepath.ToSlash(rel) + "\n"))
		h.Write(b)
		return err
	}))
	return hex.EncodeToString(h.Sum(nil))
}

// TestWriteIsStable: without options, the output is what it has always
// been, so benchmarks stay comparable across versions (the digests were
// taken before the options existed).
func TestWriteIsStable(t *testing.T) {
	tests := []struct {
		size synth.Size
		want string
	}{
		{synth.Size{Tools: 20, Flows: 100, Teams: 5, Files: 4}, "7603bcb69a0b07921670373c3961ed64a4c61a73b611b05cd9a2a8b637908a83"},
		{synth.Size{Tools: 300, Flows: 3000, Teams: 20, Files: 10}, "a18d5dfb0c467b9fff182ef63075720359df6b42ca215a945e45d72a394ea6b9"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		require.NoError(t, synth.Write(dir, tt.size))
		assert.Equal(t, tt.want, digest(t, dir), "%+v", tt.size)
	}
}

// TestOptions: CustomTaxonomy gives every tool an unknown category and two
// unknown capabilities; BadRefPercent breaks about that share of the
// references, each an error; the rest of the inventory is unchanged.
func TestOptions(t *testing.T) {
	size := synth.Size{Tools: 200, Flows: 2000, Teams: 20, Files: 8}
	plain, broken := t.TempDir(), t.TempDir()
	require.NoError(t, synth.Write(plain, size))
	size.CustomTaxonomy, size.BadRefPercent = true, 5
	require.NoError(t, synth.Write(broken, size))

	_, diags := inventory.Load(plain)
	assert.Empty(t, diags)
	_, diags = inventory.Load(broken)
	count := map[string]int{}
	for _, d := range diags {
		count[d.Summary]++
	}
	assert.Equal(t, 200, count["Unknown category"])
	assert.Equal(t, 400, count["Unknown capability"])
	undeclared := 0
	for summary, n := range count {
		if strings.HasPrefix(summary, "Reference to undeclared ") {
			undeclared += n
		}
	}
	// 200 tools and 2,000 flows hold about 10,400 references.
	assert.InDelta(t, 520, undeclared, 120)
	assert.Equal(t, len(diags), count["Unknown category"]+count["Unknown capability"]+undeclared, "%v", count)
}
