package policies_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
)

// TestResultCarriesEffectiveRuleConfig: the Result says what the rule
// blocks made of each built-in rule's defaults, so that a report shows
// the threshold a rule used without configuring the rules again.
func TestResultCarriesEffectiveRuleConfig(t *testing.T) {
	const tool = "tool \"a\" {\n  category = \"crm\"\n}\n"
	cases := []struct {
		name      string
		rules     string
		enabled   bool
		severity  result.Severity
		threshold float64
	}{
		{"defaults", "", true, result.Medium, 0.6},
		{"threshold set", "rule \"low-utilization\" {\n  threshold = 0.45\n}\n", true, result.Medium, 0.45},
		{"disabled, stricter", "rule \"low-utilization\" {\n  enabled   = false\n  severity  = \"high\"\n  threshold = 0.8\n}\n", false, result.High, 0.8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"a.hcl": tool}
			if c.rules != "" {
				files["rules.hcl"] = c.rules
			}
			res := evaluate(t, loadInventory(t, files), nil)
			cfg, ok := res.Rules["low-utilization"]
			require.True(t, ok, "the result has the rule's configuration")
			assert.Equal(t, c.enabled, cfg.Enabled)
			assert.Equal(t, c.severity, cfg.Severity)
			th, ok := cfg.Number("threshold")
			require.True(t, ok)
			assert.InDelta(t, c.threshold, th, 1e-9)
			_, ok = cfg.Number("no-such-param")
			assert.False(t, ok)
			assert.Len(t, res.Rules, len(policies.Builtins()), "every built-in rule, and only those")
		})
	}
}
