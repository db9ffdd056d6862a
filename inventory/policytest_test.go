package inventory_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
)

const policyFile = `policy "needs-owner" {
  for_each  = tools
  condition = each.owner != null
  message   = "${each.name} has no owner"
}
`

func loadSrc(t *testing.T, files map[string]string) (*inventory.Inventory, hcl.Diagnostics) {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
	}
	return inventory.Load(dir)
}

// TestPolicyTestDecoding: a policy_test is decoded with its policy, its
// expected subjects and the range of its inline inventory, whose blocks do
// not join the inventory.
func TestPolicyTestDecoding(t *testing.T) {
	inv, diags := loadSrc(t, map[string]string{"main.hcl": policyFile, "policies_test.hcl": `
policy_test "one" {
  policy = "needs-owner"
  expect = [tool.a, flow.f]

  inventory {
    tool "a" {
      category = "crm"
    }
    tool "b" {
      category = "crm"
    }
    flow "f" {
      from = tool.a
      to   = tool.b
    }
  }
}
`})
	require.False(t, diags.HasErrors(), diags.Error())
	require.Len(t, inv.PolicyTests, 1)
	pt := inv.PolicyTests[0]
	assert.Equal(t, "one", pt.ID)
	assert.Equal(t, "needs-owner", pt.Policy)
	require.Len(t, pt.Expect, 2)
	assert.Equal(t, "tool", pt.Expect[0].Kind)
	assert.Equal(t, "f", pt.Expect[1].ID)
	assert.Empty(t, inv.Tools, "the test's tools are not the inventory's")
	assert.Equal(t, 6, pt.Body.Start.Line)

	test, diags := inventory.LoadPolicyTest(inv, pt)
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Len(t, test.Tools, 2)
	assert.Len(t, test.Flows, 1)
	require.Len(t, test.Policies, 1)
	assert.Equal(t, "needs-owner", test.Policies[0].ID)
	// Ranges point into the file that holds the test.
	assert.Equal(t, 7, test.Tools[0].DeclRange.Start.Line)
	assert.True(t, strings.HasSuffix(test.Tools[0].DeclRange.Filename, "policies_test.hcl"))
}

// TestPolicyTestErrors: every mistake is a diagnostic that names the test
// and says what to do.
func TestPolicyTestErrors(t *testing.T) {
	cases := []struct {
		name, src string
		// load is where the error shows: "load" (the inventory) or "run"
		// (LoadPolicyTest).
		at, summary, detail string
	}{
		{"unknown policy", `policy_test "x" {
  policy = "needs-ownr"
  expect = []
  inventory {}
}`, "load", "Unknown policy", `Did you mean "needs-owner"?`},
		{"no inventory", `policy_test "x" {
  policy = "needs-owner"
  expect = []
}`, "load", "Missing inventory block", "needs an inventory block"},
		{"two inventories", `policy_test "x" {
  policy = "needs-owner"
  expect = []
  inventory {}
  inventory {}
}`, "load", "Duplicate inventory block", "Write a second policy_test"},
		{"missing expect", `policy_test "x" {
  policy = "needs-owner"
  inventory {}
}`, "load", "Missing required argument", `"expect"`},
		{"expect is not a reference", `policy_test "x" {
  policy = "needs-owner"
  expect = ["tool.a"]
  inventory {}
}`, "load", "", ""},
		{"unknown expected subject", `policy_test "x" {
  policy = "needs-owner"
  expect = [tool.nope]
  inventory {}
}`, "run", "Unknown expected subject", "tool.nope"},
		{"error in the test's inventory", `policy_test "x" {
  policy = "needs-owner"
  expect = []
  inventory {
    tool "a" {}
  }
}`, "run", "Missing required argument", "category"},
		{"nested test", `policy_test "x" {
  policy = "needs-owner"
  expect = []
  inventory {
    policy_test "y" {
      policy = "needs-owner"
      expect = []
      inventory {}
    }
  }
}`, "run", "Nested policy_test", "beside this one"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv, diags := loadSrc(t, map[string]string{"main.hcl": policyFile, "t_test.hcl": tc.src})
			if tc.at == "run" {
				require.False(t, diags.HasErrors(), diags.Error())
				require.Len(t, inv.PolicyTests, 1)
				_, diags = inventory.LoadPolicyTest(inv, inv.PolicyTests[0])
			}
			require.True(t, diags.HasErrors(), "an error")
			if tc.summary != "" {
				var found bool
				for _, d := range diags {
					if d.Summary == tc.summary && strings.Contains(d.Detail, tc.detail) {
						found = true
					}
				}
				assert.True(t, found, "want %q with %q in %s", tc.summary, tc.detail, diags.Error())
			}
			for _, d := range diags {
				if d.Severity == hcl.DiagError {
					require.NotNil(t, d.Subject, "%s has a range", d.Summary)
					assert.True(t, strings.HasSuffix(d.Subject.Filename, "t_test.hcl"), "%s points into the test's file", d.Summary)
				}
			}
		})
	}
}

// TestPolicyTestFormat: fmt formats policy_test blocks and their inline
// inventories like any block.
func TestPolicyTestFormat(t *testing.T) {
	src := "policy_test \"x\" {\npolicy = \"p\"\n  expect = []\n  inventory {\n    tool \"a\" {\n    category=\"crm\"\n    }\n  }\n}\n"
	out, diags := inventory.Format("t_test.hcl", []byte(src))
	require.False(t, diags.HasErrors())
	assert.Equal(t, "policy_test \"x\" {\n  policy = \"p\"\n  expect = []\n  inventory {\n    tool \"a\" {\n      category = \"crm\"\n    }\n  }\n}\n", string(out))
}
