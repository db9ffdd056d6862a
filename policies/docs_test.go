package policies_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
)

const rulesDocDir = "../docs/rules"

// TestRuleDocs fails when docs/rules is stale: every built-in rule has a
// page equal to what `stackaudit policies show` prints, there is no page
// for a rule that does not exist, and the index lists them all. Run with
// -update to regenerate.
func TestRuleDocs(t *testing.T) {
	rules := policies.Builtins()
	want := map[string]string{"README.md": policies.Index(rules)}
	for _, r := range rules {
		want[r.ID+".md"] = policies.Markdown(r)
	}
	if *update {
		require.NoError(t, os.MkdirAll(rulesDocDir, 0o755))
		old, _ := filepath.Glob(filepath.Join(rulesDocDir, "*.md"))
		for _, p := range old {
			require.NoError(t, os.Remove(p))
		}
		for name, content := range want {
			require.NoError(t, os.WriteFile(filepath.Join(rulesDocDir, name), []byte(content), 0o644))
		}
		return
	}
	have, err := filepath.Glob(filepath.Join(rulesDocDir, "*.md"))
	require.NoError(t, err)
	var names []string
	for _, p := range have {
		names = append(names, filepath.Base(p))
	}
	var wantNames []string
	for n := range want {
		wantNames = append(wantNames, n)
	}
	sort.Strings(wantNames)
	require.Equal(t, wantNames, names, "docs/rules has missing or extra pages: run go test ./policies -run TestRuleDocs -update")
	for name, content := range want {
		got, err := os.ReadFile(filepath.Join(rulesDocDir, name))
		require.NoError(t, err)
		assert.Equal(t, content, string(got), "docs/rules/%s is stale: run go test ./policies -run TestRuleDocs -update", name)
	}
}

// TestRuleDefinitionsAreComplete: every rule of SPEC §4 exists with its
// default severity and full documentation.
func TestRuleDefinitionsAreComplete(t *testing.T) {
	spec := map[string]result.Severity{
		"redundant-capability": "medium", "duplicate-product": "high", "low-utilization": "medium",
		"inactive-tool": "high", "unmeasured-spend": "low", "renewal-notice-due": "medium",
		"contract-lapsed": "medium", "missing-cost": "low", "tool-without-owner": "high",
		"flow-without-owner": "high", "team-without-lead": "low", "personal-data-without-dpa": "high",
		"data-class-without-steward": "medium", "agency-holds-personal-data": "medium", "no-sso": "medium",
		"undeclared-tool": "medium", "undeclared-flow": "medium", "risky-oauth-grant": "high",
		"spend-mismatch": "medium", "duplicate-purchase": "high",
		"unaligned-spend": "low", "objective-without-owner": "medium", "objective-without-kpi": "low",
		"expired-waiver": "medium", "unused-waiver": "low", "stale-usage": "low",
		"renewal-notice-missed": "high", "right-size": "medium",
	}
	got := map[string]result.Severity{}
	for _, r := range policies.Builtins() {
		got[r.ID] = r.DefaultSeverity
		assert.NotEmpty(t, r.Title, r.ID)
		assert.NotEmpty(t, r.Family, r.ID)
		for name, text := range map[string]string{"What": r.What, "Why": r.Why, "Fix": r.Fix, "Example": r.Example} {
			assert.GreaterOrEqual(t, len(strings.TrimSpace(text)), 20, "%s: %s is missing or too short", r.ID, name)
		}
		assert.NotNil(t, r.Check, r.ID)
		for _, p := range r.Params {
			assert.NotEmpty(t, p.Description, "%s.%s", r.ID, p.Name)
		}
	}
	assert.Equal(t, spec, got)
}
