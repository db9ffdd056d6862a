package inventory_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
)

// TestFormatIsIdempotent formats every .hcl file of the examples and the
// test inventories twice: the second pass must change nothing, and the
// shipped examples must already be canonical.
func TestFormatIsIdempotent(t *testing.T) {
	var files []string
	for _, root := range []string{"../examples", "testdata"} {
		require.NoError(t, filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() && strings.HasSuffix(p, ".hcl") {
				files = append(files, p)
			}
			return err
		}))
	}
	require.Greater(t, len(files), 60)
	formatted := 0
	for _, p := range files {
		src, err := os.ReadFile(p)
		require.NoError(t, err)
		once, diags := inventory.Format(p, src)
		if diags.HasErrors() {
			continue // syntax-error fixtures are not formatted
		}
		formatted++
		twice, diags := inventory.Format(p, once)
		require.False(t, diags.HasErrors(), "%s: formatted output does not parse: %s", p, diags.Error())
		assert.Equal(t, string(once), string(twice), "%s: fmt is not idempotent", p)
		if strings.HasPrefix(p, "../examples") {
			assert.Equal(t, string(src), string(once), "%s is not canonically formatted: run stackaudit fmt examples/", p)
		}
	}
	assert.Greater(t, formatted, 50)
}

func TestFormatRefusesBrokenInput(t *testing.T) {
	for name, src := range map[string]string{
		"syntax":  "tool \"x\" { category = }\n",
		"binary":  "team \"a\" {}\x00",
		"latin-1": "team \"caf\xe9\" {}\n",
	} {
		t.Run(name, func(t *testing.T) {
			out, diags := inventory.Format("f.hcl", []byte(src))
			assert.True(t, diags.HasErrors())
			assert.Nil(t, out)
		})
	}
}
