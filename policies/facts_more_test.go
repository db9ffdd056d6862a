package policies_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/internal/resultfixture"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
)

func TestFiscalQuarter(t *testing.T) {
	feb := inventory.MonthDay{Month: time.February, Day: 1}
	jan := inventory.MonthDay{Month: time.January, Day: 1}
	for _, c := range []struct {
		date  string
		start inventory.MonthDay
		want  string
	}{
		{"2026-02-01", feb, "FY2027 Q1"}, // FY Feb 2026 – Jan 2027 is named after the year it ends
		{"2026-04-30", feb, "FY2027 Q1"},
		{"2026-05-01", feb, "FY2027 Q2"},
		{"2027-01-31", feb, "FY2027 Q4"},
		{"2027-02-01", feb, "FY2028 Q1"},
		{"2026-01-15", feb, "FY2026 Q4"},
		{"2026-03-31", jan, "FY2026 Q1"},
		{"2026-12-31", jan, "FY2026 Q4"},
	} {
		d, _ := time.Parse("2006-01-02", c.date)
		assert.Equal(t, c.want, policies.FiscalQuarter(d, c.start), c.date)
	}
}

// TestAcmeFacts checks the facts the workbook shows on the example: each
// spend breakdown adds up to the total, reclaimable seats come from the
// snapshot, flows carry their gaps, discovered items are the undeclared ones.
func TestAcmeFacts(t *testing.T) {
	inv, snap := resultfixture.LoadAcme(t, "..")
	res := evaluate(t, inv, snap)

	total := res.Summary.AnnualSpend
	for name, lines := range map[string][]result.SpendLine{
		"team": res.Spend.ByTeam, "category": res.Spend.ByCategory, "objective": res.Spend.ByObjective,
		"stage": res.Spend.ByStage, "renewal quarter": res.Spend.ByRenewalQuarter,
	} {
		sum := decimal.Zero
		for _, l := range lines {
			sum = sum.Add(l.Annual)
		}
		assert.True(t, sum.Sub(total).Abs().LessThanOrEqual(decimal.NewFromFloat(0.05)), "%s: %s != %s", name, sum, total)
	}
	assert.Len(t, res.Spend.ByCategory, 6, "acme spends in all six categories")

	require.NotEmpty(t, res.Seats)
	hotjar := 0
	for _, s := range res.Seats {
		if s.Tool == "hotjar" && s.Kind == result.SeatInactive {
			hotjar += s.Count
			assert.True(t, s.DaysInactive == nil || *s.DaysInactive > 30)
		}
	}
	// Hotjar: 5 of its users active in 30 days; every other holder is an
	// inactive seat row.
	hf := res.Facts.Tool("hotjar")
	require.NotNil(t, hf)
	assert.Equal(t, *hf.Assigned-*hf.Active30, hotjar)

	require.Len(t, res.Flows, len(inv.Flows))
	gapped := 0
	for _, f := range res.Flows {
		if len(f.Gaps) > 0 {
			gapped++
		}
	}
	assert.Positive(t, gapped)

	kinds := map[string]int{}
	for _, d := range res.Discovered {
		kinds[d.Kind]++
	}
	// Clari and Salesloft from Entra; three tools from the spend feed: Loom and Calendly, and CleanShot,
	// a recurring charge no catalog product matches, for triage.
	assert.Equal(t, map[string]int{"tool": 8, "integration": 2, "flow": 2}, kinds)
}
