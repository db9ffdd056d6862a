package policies_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
)

// TestValidateBadPolicyConfig: each fixture under testdata/bad loads as an
// inventory, and policies.Validate reports the error announced by every
// "# ERROR: Summary" marker on that line.
func TestValidateBadPolicyConfig(t *testing.T) {
	dirs, err := filepath.Glob("testdata/bad/*")
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			inv, diags := inventory.Load(dir)
			require.False(t, diags.HasErrors(), diags.Error())
			got := policies.Validate(inv)
			require.True(t, got.HasErrors())
			files, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
			for _, p := range files {
				f, err := os.Open(p)
				require.NoError(t, err)
				s := bufio.NewScanner(f)
				for line := 1; s.Scan(); line++ {
					_, want, ok := strings.Cut(s.Text(), "# ERROR: ")
					if !ok {
						continue
					}
					found := false
					for _, d := range got {
						found = found || d.Subject != nil && d.Subject.Filename == p && d.Subject.Start.Line == line && d.Summary == strings.TrimSpace(want)
					}
					assert.True(t, found, "%s:%d: expected %q in %s", p, line, want, got.Error())
				}
				f.Close()
			}
		})
	}
}
