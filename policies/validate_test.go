package policies_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// TestValidateCustom: a policy that cannot evaluate on the inventory is an
// error at its own range; a sound one, or one whose block is incomplete
// (inventory.Load reports that), adds nothing.
func TestValidateCustom(t *testing.T) {
	for _, tc := range []struct {
		name, policy string
		wantLine     int // 0: no error
	}{
		{"type error", "policy \"p\" {\n  for_each  = tools\n  condition = each.owner + 1 > 0\n  message   = \"x\"\n}\n", 3},
		{"not a bool", "policy \"p\" {\n  for_each  = tools\n  condition = each.name\n  message   = \"x\"\n}\n", 3},
		{"sound", "policy \"p\" {\n  for_each  = tools\n  condition = each.owner != null\n  message   = \"x\"\n}\n", 0},
		{"incomplete", "policy \"p\" {\n  for_each  = tools\n  message   = \"x\"\n}\n", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			src := "team \"mops\" {}\ntool \"crm\" {\n  category = \"crm\"\n  owner = team.mops\n}\n"
			require.NoError(t, os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "policy.hcl"), []byte(tc.policy), 0o644))
			inv, _ := inventory.Load(dir)
			got := policies.ValidateCustom(inv, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
			if tc.wantLine == 0 {
				assert.False(t, got.HasErrors(), got.Error())
				return
			}
			require.True(t, got.HasErrors())
			require.NotNil(t, got[0].Subject)
			assert.Equal(t, filepath.Join(dir, "policy.hcl"), got[0].Subject.Filename)
			assert.Equal(t, tc.wantLine, got[0].Subject.Start.Line)
		})
	}
}
