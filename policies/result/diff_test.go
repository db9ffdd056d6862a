package result_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/policies/internal/policytest"
	"github.com/stackaudit/stackaudit/policies/result"
)

// diffBase is a small stack: a team, a data class, two tools with costs
// and a flow between them. Each case of TestComputeDiff edits it.
const diffBase = `
organization {
  name     = "Diff Co"
  currency = "USD"
}
team "mops" {
  lead = "dana@acme.example"
}
team "web" {
  lead = "sam@acme.example"
}
objective "pipeline" {
  owner = team.mops
  kpis  = ["pipeline"]
}
data_class "contact" {
  sensitivity = "personal"
  steward     = team.mops
}
tool "crm" {
  category     = "crm"
  owner        = team.mops
  objectives   = [objective.pipeline]
  stores       = [data_class.contact]
  cost {
    amount = 1000
    period = "year"
    seats  = 10
  }
  contract {
    start = "2026-01-01"
    end   = "2026-12-31"
    dpa   = true
  }
}
tool "ga" {
  category     = "web-mobile-analytics"
  capabilities = ["web-analytics"]
  owner        = team.web
  objectives   = [objective.pipeline]
  cost {
    amount = 100
    period = "month"
  }
  contract {
    dpa = true
  }
}
flow "crm_to_ga" {
  from  = tool.crm
  to    = tool.ga
  data  = [data_class.contact]
  owner = team.mops
}
`

// addMatomo adds a second web-analytics tool without a DPA and a flow of
// contact data to it.
func addMatomo(s string) string {
	return s + `
tool "matomo" {
  category     = "web-mobile-analytics"
  capabilities = ["web-analytics"]
  owner        = team.web
  objectives   = [objective.pipeline]
  cost {
    amount = 200
    period = "month"
  }
  contract {
    dpa = false
  }
}
flow "crm_to_matomo" {
  from  = tool.crm
  to    = tool.matomo
  data  = [data_class.contact]
  owner = team.mops
}
`
}

func TestComputeDiff(t *testing.T) {
	type want struct {
		spendDelta       string
		tools            []string // "change:id:delta"
		fields           map[string][]string
		flowsAdded       []string
		flowsRemoved     []string
		flowsChanged     []string
		overlapsCreated  []string
		overlapsResolved []string
		newRules         []string
		resolvedRules    []string
		empty            bool
	}
	tests := []struct {
		name string
		head func(string) string
		// swap diffs head against base: what reverting the change does.
		swap bool
		want want
	}{
		{
			name: "no change",
			head: func(s string) string { return s },
			want: want{spendDelta: "0", empty: true},
		},
		{
			name: "price, seats and contract end change",
			head: func(s string) string {
				s = strings.Replace(s, "amount = 1000", "amount = 1500", 1)
				s = strings.Replace(s, "seats  = 10", "seats  = 12", 1)
				return strings.Replace(s, `end   = "2026-12-31"`, `end   = "2027-12-31"`, 1)
			},
			want: want{spendDelta: "500", tools: []string{"changed:crm:500"},
				fields: map[string][]string{"crm": {"annual_cost:1000→1500", "seats:10→12", "contract_end:2026-12-31→2027-12-31"}}},
		},
		{
			name: "owner, stores and capabilities change",
			head: func(s string) string {
				s = strings.Replace(s, "  owner        = team.mops\n  objectives", "  owner        = team.web\n  objectives", 1)
				s = strings.Replace(s, `  stores       = [data_class.contact]`, `  stores       = []`, 1)
				return strings.Replace(s, `capabilities = ["web-analytics"]`, `capabilities = ["web-analytics", "heatmaps"]`, 1)
			},
			want: want{spendDelta: "0", tools: []string{"changed:crm:0", "changed:ga:0"},
				fields: map[string][]string{"crm": {"owner:mops→web", "stores:contact→"}, "ga": {"capabilities:web-analytics→heatmaps, web-analytics"}}},
		},
		{
			name: "tool added with an overlap and a flow to it without DPA",
			head: addMatomo,
			want: want{spendDelta: "2400", tools: []string{"added:matomo:2400"}, flowsAdded: []string{"crm_to_matomo"},
				overlapsCreated: []string{"ga,matomo"}, newRules: []string{"personal-data-without-dpa", "redundant-capability"}},
		},
		{
			name: "reverting it removes the tool and resolves its findings and overlap",
			head: addMatomo,
			swap: true,
			want: want{spendDelta: "-2400", tools: []string{"removed:matomo:-2400"}, flowsRemoved: []string{"crm_to_matomo"},
				overlapsResolved: []string{"ga,matomo"}, resolvedRules: []string{"personal-data-without-dpa", "redundant-capability"}},
		},
		{
			name: "tool and its flow removed",
			head: func(s string) string {
				i := strings.Index(s, `tool "ga"`)
				return s[:i]
			},
			want: want{spendDelta: "-1200", tools: []string{"removed:ga:-1200"}, flowsRemoved: []string{"crm_to_ga"}},
		},
		{
			name: "flow carries other data and an objective loses its kpi",
			head: func(s string) string {
				return strings.Replace(strings.Replace(s, "  kpis  = [\"pipeline\"]\n", "", 1), `  data  = [data_class.contact]`, `  data  = []`, 1)
			},
			want: want{spendDelta: "0", flowsChanged: []string{"crm_to_ga"}, newRules: []string{"objective-without-kpi"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			baseInv := policytest.LoadInventory(t, map[string]string{"a.hcl": diffBase})
			headInv := policytest.LoadInventory(t, map[string]string{"a.hcl": tc.head(diffBase)})
			base := result.DiffSide{Inventory: baseInv, Result: policytest.Evaluate(t, baseInv, nil)}
			head := result.DiffSide{Inventory: headInv, Result: policytest.Evaluate(t, headInv, nil)}
			if tc.swap {
				base, head = head, base
			}
			d, err := result.ComputeDiff(base, head)
			require.NoError(t, err)
			assert.Equal(t, result.DiffSchema, d.Schema)
			assert.True(t, decimal.RequireFromString(tc.want.spendDelta).Equal(d.Spend.Delta), "spend delta %s", d.Spend.Delta)
			var tools []string
			fields := map[string][]string{}
			for _, c := range d.Tools {
				tools = append(tools, c.Change+":"+c.ID+":"+c.CostDelta.String())
				for _, f := range c.Fields {
					fields[c.ID] = append(fields[c.ID], f.Field+":"+f.Before+"→"+f.After)
				}
			}
			assert.Equal(t, tc.want.tools, tools)
			if tc.want.fields != nil {
				assert.Equal(t, tc.want.fields, fields)
			}
			ids := func(fs []*result.FlowFact) []string {
				var out []string
				for _, f := range fs {
					out = append(out, f.ID)
				}
				return out
			}
			assert.Equal(t, tc.want.flowsAdded, ids(d.FlowsAdded))
			assert.Equal(t, tc.want.flowsRemoved, ids(d.FlowsRemoved))
			var changed []string
			for _, c := range d.FlowsChanged {
				changed = append(changed, c.After.ID)
			}
			assert.Equal(t, tc.want.flowsChanged, changed)
			overlaps := func(os []*result.Overlap) []string {
				var out []string
				for _, o := range os {
					out = append(out, strings.Join(o.Tools, ","))
				}
				return out
			}
			assert.Equal(t, tc.want.overlapsCreated, overlaps(d.OverlapsCreated))
			assert.Equal(t, tc.want.overlapsResolved, overlaps(d.OverlapsResolved))
			rules := func(fs []result.Finding) []string {
				var out []string
				for _, f := range fs {
					out = append(out, f.Rule)
				}
				return out
			}
			assert.ElementsMatch(t, tc.want.newRules, rules(d.FindingsNew))
			assert.ElementsMatch(t, tc.want.resolvedRules, rules(d.FindingsResolved))
			assert.Equal(t, tc.want.empty, d.Empty())
			assert.NotNil(t, d.Tools)
			assert.NotNil(t, d.FindingsNew)
		})
	}
}

func TestComputeDiffCurrencies(t *testing.T) {
	baseInv := policytest.LoadInventory(t, map[string]string{"a.hcl": diffBase})
	headInv := policytest.LoadInventory(t, map[string]string{"a.hcl": strings.Replace(diffBase, `currency = "USD"`, `currency = "EUR"`, 1)})
	_, err := result.ComputeDiff(
		result.DiffSide{Inventory: baseInv, Result: policytest.Evaluate(t, baseInv, nil)},
		result.DiffSide{Inventory: headInv, Result: policytest.Evaluate(t, headInv, nil)})
	require.Error(t, err)
	assert.True(t, errors.Is(err, result.ErrCurrencyMismatch))
	assert.Contains(t, err.Error(), "USD in the base, EUR in the head")
}

func TestDiffFailing(t *testing.T) {
	high := result.Finding{Rule: "r", Severity: result.High, Fingerprint: "a"}
	waived := result.Finding{Rule: "r", Severity: result.Critical, Fingerprint: "b", Waiver: &result.AppliedWaiver{ID: "w"}}
	tests := []struct {
		name      string
		findings  []result.Finding
		threshold result.Severity
		want      bool
	}{
		{"new high at high", []result.Finding{high}, result.High, true},
		{"new high at critical", []result.Finding{high}, result.Critical, false},
		{"none never fails", []result.Finding{high}, "", false},
		{"a waived new finding never fails", []result.Finding{waived}, result.Low, false},
		{"nothing new", nil, result.Info, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &result.Diff{FindingsNew: tc.findings}
			assert.Equal(t, tc.want, d.Failing(tc.threshold))
		})
	}
}
