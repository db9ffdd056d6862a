package policies_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fingerprintTools has findings from several families: no owner, no cost,
// overlapping capabilities, personal data without a DPA.
const (
	fpTeams = `team "mops" {
  name = "Marketing Operations"
}
data_class "contact_pii" {
  sensitivity = "personal"
  steward     = team.mops
}
`
	fpHubspot = `tool "hubspot" {
  category     = "marketing-automation"
  capabilities = ["email-marketing", "landing-pages"]
  stores       = [data_class.contact_pii]
  cost {
    amount = 50000
    period = "year"
  }
}
`
	fpMarketo = `tool "marketo" {
  category     = "marketing-automation"
  capabilities = ["email-marketing"]
  owner        = team.mops
}
`
)

func fingerprints(res *result.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Rule+" "+f.Fingerprint)
	}
	sort.Strings(out)
	return out
}

// TestFingerprintsAreStable: a finding keeps its fingerprint when files are
// reordered, renamed, reformatted or when blocks move between files, so
// that baselines and GitHub alerts follow it; its rule or subjects changing
// changes it.
func TestFingerprintsAreStable(t *testing.T) {
	base := fingerprints(evaluate(t, loadInventory(t, map[string]string{
		"teams.hcl": fpTeams, "tools.hcl": fpHubspot + fpMarketo,
	}), nil))
	require.GreaterOrEqual(t, len(base), 4, "the fixture must produce findings of several rules: %v", base)

	reformatted := strings.NewReplacer("  ", "      ", " = ", "=", "\n", "\n\n").Replace(fpHubspot + fpMarketo)
	variants := map[string]map[string]string{
		"blocks reordered":         {"teams.hcl": fpTeams, "tools.hcl": fpMarketo + fpHubspot},
		"files renamed":            {"a/people.hcl": fpTeams, "z/stack.hcl": fpHubspot + fpMarketo},
		"reformatted":              {"teams.hcl": fpTeams, "tools.hcl": reformatted},
		"moved between files":      {"teams.hcl": fpTeams + fpMarketo, "tools/hubspot.hcl": fpHubspot},
		"one file":                 {"all.hcl": fpHubspot + fpTeams + fpMarketo},
		"comments and blank lines": {"teams.hcl": "# owners\n\n" + fpTeams, "tools.hcl": "\n\n// stack\n" + fpHubspot + "\n# more\n" + fpMarketo},
	}
	for name, files := range variants {
		t.Run(name, func(t *testing.T) {
			got := fingerprints(evaluate(t, loadInventory(t, files), nil))
			assert.Equal(t, base, got)
		})
	}

	t.Run("renamed subject changes it", func(t *testing.T) {
		got := fingerprints(evaluate(t, loadInventory(t, map[string]string{
			"teams.hcl": fpTeams, "tools.hcl": strings.ReplaceAll(fpHubspot, `tool "hubspot"`, `tool "hubspot_eu"`) + fpMarketo,
		}), nil))
		assert.NotEqual(t, base, got)
	})
}

func TestFingerprintIgnoresSubjectOrder(t *testing.T) {
	a := result.Fingerprint("redundant-capability", []result.Subject{{Kind: "tool", ID: "a"}, {Kind: "tool", ID: "b"}})
	b := result.Fingerprint("redundant-capability", []result.Subject{{Kind: "tool", ID: "b"}, {Kind: "tool", ID: "a"}})
	c := result.Fingerprint("duplicate-product", []result.Subject{{Kind: "tool", ID: "a"}, {Kind: "tool", ID: "b"}})
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	assert.Len(t, a, 32)
}
