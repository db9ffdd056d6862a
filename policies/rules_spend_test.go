package policies_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/policies/result"
)

// spendSnapshot is a snapshot whose discovered tools are the spend
// feed's: each item is product, annual spend and the annual spend of each
// purchase.
func spendSnapshot(t *testing.T, items ...string) string {
	t.Helper()
	var tools []string
	for _, it := range items {
		f := strings.Split(it, " ")
		var ps []string
		for i, a := range f[2:] {
			ps = append(ps, fmt.Sprintf(`{"payer":"card %d","team":"Team %d","cadence":"monthly","charges":12,"first":"2025-12-01T00:00:00Z","last":"2026-11-01T00:00:00Z","latest":"1","annual":%q,"source":"spend/x.csv:%d"}`, 1000+i, i, a, 2+i))
		}
		matched := f[0] != "-"
		product := f[0]
		if !matched {
			product = ""
		}
		tools = append(tools, fmt.Sprintf(`{"source":"spend","name":%q,"product":%q,"users":1,"scopes":[],"evidence":"card 1000: %s",
		  "spend":{"annual":%q,"currency":"USD","merchant":"X","matched":%v,"purchases":[%s]}}`, strings.ToUpper(f[0]), product, f[0], f[1], matched, strings.Join(ps, ",")))
	}
	return `{"schema":"stackaudit.snapshot/v1","taken_at":"2026-11-20T00:00:00Z","tools":{},
	  "discovered":{"tools":[` + strings.Join(tools, ",") + `],"integrations":[],"flows":[],"measured":["spend"]}}`
}

const spendInventory = `
tool "hubspot" {
  product = "hubspot-marketing-hub"
  owner   = team.mops
  cost {
    amount = 64800
    period = "year"
  }
}

tool "semrush" {
  product = "semrush"
  cost {
    amount = 499.95
    period = "month"
  }
}

tool "figma" {
  product = "figma"
}

tool "zoom" {
  product = "zoom"
  cost {
    amount = 0
    period = "year"
  }
}

team "mops" {
  lead = "dana@acme.example"
}
`

func TestSpendMismatch(t *testing.T) {
	tests := []struct {
		name  string
		rules string
		items []string
		want  []string
		msg   string
	}{
		{"20% over", "", []string{"hubspot-marketing-hub 77760 77760"}, []string{"tool.hubspot"}, "(+20% of the declared cost)"},
		{"10% over is within the default tolerance", "", []string{"hubspot-marketing-hub 71280 71280"}, nil, ""},
		{"10% over with a 5% tolerance", "rule \"spend-mismatch\" {\n  tolerance = 0.05\n}\n", []string{"hubspot-marketing-hub 71280 71280"}, []string{"tool.hubspot"}, "(+10% of the declared cost)"},
		{"under", "", []string{"hubspot-marketing-hub 32400 32400"}, []string{"tool.hubspot"}, "less (−50% of the declared cost)"},
		{"declared free, paid", "", []string{"zoom 180 180"}, []string{"tool.zoom"}, "while the declared cost is zero"},
		{"no cost block: missing-cost's", "", []string{"figma 900 900"}, nil, ""},
		{"paid twice: duplicate-purchase's", "", []string{"semrush 7558.80 5999.40 1559.40"}, nil, ""},
		{"undeclared", "", []string{"loom 3600 3600"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := loadInventory(t, map[string]string{"main.hcl": spendInventory + tt.rules})
			res := evaluate(t, inv, snapshotJSON(t, spendSnapshot(t, tt.items...)))
			got := findingsOf(res, "spend-mismatch")
			assert.Equal(t, tt.want, subjectsOf(got))
			if tt.msg != "" {
				require.Len(t, got, 1)
				assert.Contains(t, got[0].Message, tt.msg)
			}
		})
	}
}

func TestDuplicatePurchase(t *testing.T) {
	inv := loadInventory(t, map[string]string{"main.hcl": spendInventory})
	res := evaluate(t, inv, snapshotJSON(t, spendSnapshot(t,
		"semrush 7558.80 5999.40 1559.40", "loom 4200 3600 400 200", "hubspot-marketing-hub 77760 77760", "- 696 348 348")))
	got := findingsOf(res, "duplicate-purchase")
	assert.Equal(t, []string{"discovered.loom", "discovered.semrush,tool.semrush"}, subjectsOf(got))
	require.Len(t, got, 2)
	assert.Contains(t, got[0].Message, "Loom is paid by 3 separate purchases")
	assert.Contains(t, got[0].Message, "It matches no declared tool. Keeping the largest saves USD 600 a year.")
	assert.Contains(t, got[1].Message, "It is declared as tool.semrush. Keeping the largest saves USD 1,559.40 a year.")

	// The Actions list carries the saving, answering the finding; the
	// total savings (from declared costs) do not.
	var dup []*result.Action
	for _, a := range res.Actions {
		if a.Kind == result.ActionCancelDuplicate {
			dup = append(dup, a)
		}
	}
	require.Len(t, dup, 2)
	amounts := map[string]string{}
	for _, a := range dup {
		amounts[a.Fingerprint] = a.Amount.String()
		assert.Equal(t, "duplicate-purchase", a.Rule)
		assert.NotEmpty(t, a.Evidence)
	}
	assert.Equal(t, map[string]string{got[0].Fingerprint: "600", got[1].Fingerprint: "1559.4"}, amounts)
	assert.True(t, res.Summary.TotalSavings.Equal(res.Summary.EstimatedWaste.Add(res.Summary.ConsolidationSavings)))
	assert.False(t, res.Summary.TotalSavings.GreaterThanOrEqual(decimal.NewFromInt(600)), "duplicate savings stay out of the total savings")
}

// TestUndeclaredToolSpend: a product paid and declared nowhere is an
// undeclared tool with its spend; an unmatched merchant is not a finding,
// only a Discovered row with its spend.
func TestUndeclaredToolSpend(t *testing.T) {
	inv := loadInventory(t, map[string]string{"main.hcl": spendInventory})
	res := evaluate(t, inv, snapshotJSON(t, spendSnapshot(t, "loom 3600 3600", "- 348 348")))
	got := findingsOf(res, "undeclared-tool")
	assert.Equal(t, []string{"discovered.loom"}, subjectsOf(got))
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, "spend feeds show USD 3,600 a year paid for it")
	var spendRows []string
	for _, d := range res.Discovered {
		if d.Source == "spend" {
			require.NotNil(t, d.AnnualSpend, d.Name)
			spendRows = append(spendRows, d.Name+" "+d.Product+" "+d.AnnualSpend.String())
		}
	}
	assert.ElementsMatch(t, []string{"LOOM loom 3600", "-  348"}, spendRows)
}
