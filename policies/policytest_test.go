package policies_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
)

// TestRunPolicyTest: a test passes only when the policy reports exactly
// the expected subjects; the difference is in Missing and Unexpected.
func TestRunPolicyTest(t *testing.T) {
	const inline = `
  inventory {
    team "t" {}
    tool "a" {
      category = "crm"
    }
    tool "b" {
      category = "crm"
      owner    = team.t
    }
  }
`
	cases := []struct {
		expect     string
		passed     bool
		missing    []string
		unexpected []string
	}{
		{"[tool.a]", true, nil, nil},
		{"[]", false, nil, []string{"tool.a"}},
		{"[tool.a, tool.b]", false, []string{"tool.b"}, nil},
		{"[tool.b]", false, []string{"tool.b"}, []string{"tool.a"}},
	}
	for _, tc := range cases {
		t.Run(tc.expect, func(t *testing.T) {
			dir := t.TempDir()
			src := `policy "needs-owner" {
  for_each  = tools
  condition = each.owner != null
  message   = "${each.name} has no owner"
}

policy_test "x" {
  policy = "needs-owner"
  expect = ` + tc.expect + inline + "}\n"
			require.NoError(t, os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src), 0o644))
			inv, diags := inventory.Load(dir)
			require.False(t, diags.HasErrors(), diags.Error())
			r, diags := policies.RunPolicyTest(inv, inv.PolicyTests[0], time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
			require.False(t, diags.HasErrors(), diags.Error())
			assert.Equal(t, tc.passed, r.Passed())
			var missing, unexpected []string
			for _, s := range r.Missing {
				missing = append(missing, s.String())
			}
			for _, f := range r.Unexpected {
				unexpected = append(unexpected, f.Subjects[0].String())
			}
			assert.Equal(t, tc.missing, missing)
			assert.Equal(t, tc.unexpected, unexpected)
			for _, f := range r.Got {
				assert.Equal(t, "needs-owner", f.Rule, "only the policy under test")
			}
			assert.NotEmpty(t, r.Got)
		})
	}
}
