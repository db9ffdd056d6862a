package result_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

func tool(id, status, cost string, seats *int, util *float64) *result.ToolFact {
	return &result.ToolFact{ID: id, Name: strings.ToUpper(id[:1]) + id[1:], Status: status, AnnualCost: decimal.RequireFromString(cost), Seats: seats, Utilization: util}
}

func seats(n int) *int               { return &n }
func share(f float64) *float64       { return &f }
func money(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// audit is a result of the given tools as of a date, its spend their sum.
func audit(asOf string, tools ...*result.ToolFact) *result.Result {
	r := &result.Result{Schema: result.Schema, AsOf: asOf, Organization: result.Organization{Name: "Acme", Currency: "USD"}}
	r.Tools = tools
	for _, t := range tools {
		r.Summary.AnnualSpend = r.Summary.AnnualSpend.Add(t.AnnualCost)
	}
	return r
}

func TestCompareToolDeltas(t *testing.T) {
	cases := []struct {
		name   string
		before []*result.ToolFact
		after  []*result.ToolFact
		want   []result.ToolDelta
	}{
		{
			name:  "added, with its cost and seats",
			after: []*result.ToolFact{tool("qualified", "active", "24000", seats(4), nil)},
			want: []result.ToolDelta{{Tool: "qualified", Name: "Qualified", Change: result.Added,
				CostAfter: money("24000"), CostDelta: money("24000"), SeatsAfter: seats(4)}},
		},
		{
			name:   "removed, with what it cost",
			before: []*result.ToolFact{tool("drift", "active", "9000", seats(3), nil)},
			want: []result.ToolDelta{{Tool: "drift", Name: "Drift", Change: result.Removed,
				CostBefore: money("9000"), CostDelta: money("-9000"), SeatsBefore: seats(3)}},
		},
		{
			name:   "retired counts as removed",
			before: []*result.ToolFact{tool("drift", "active", "9000", nil, nil)},
			after:  []*result.ToolFact{tool("drift", "retired", "0", nil, nil)},
			want: []result.ToolDelta{{Tool: "drift", Name: "Drift", Change: result.Removed,
				CostBefore: money("9000"), CostDelta: money("-9000")}},
		},
		{
			name:   "back from retired counts as added",
			before: []*result.ToolFact{tool("drift", "retired", "0", nil, nil)},
			after:  []*result.ToolFact{tool("drift", "active", "9000", nil, nil)},
			want: []result.ToolDelta{{Tool: "drift", Name: "Drift", Change: result.Added,
				CostAfter: money("9000"), CostDelta: money("9000")}},
		},
		{
			name:  "newly declared as retired is no change",
			after: []*result.ToolFact{tool("drift", "retired", "0", nil, nil)},
			want:  []result.ToolDelta{},
		},
		{
			name:   "price rise, seats the same",
			before: []*result.ToolFact{tool("gong", "active", "40000", seats(20), nil)},
			after:  []*result.ToolFact{tool("gong", "active", "50000", seats(20), nil)},
			want: []result.ToolDelta{{Tool: "gong", Name: "Gong", Change: result.Changed,
				CostBefore: money("40000"), CostAfter: money("50000"), CostDelta: money("10000"), SeatsBefore: seats(20), SeatsAfter: seats(20)}},
		},
		{
			name:   "seats changed, cost the same",
			before: []*result.ToolFact{tool("slack", "active", "12000", seats(100), nil)},
			after:  []*result.ToolFact{tool("slack", "active", "12000", seats(80), nil)},
			want: []result.ToolDelta{{Tool: "slack", Name: "Slack", Change: result.Changed,
				CostBefore: money("12000"), CostAfter: money("12000"), CostDelta: decimal.Zero, SeatsBefore: seats(100), SeatsAfter: seats(80)}},
		},
		{
			name:   "flat fee became per seat",
			before: []*result.ToolFact{tool("canva", "active", "1200", nil, nil)},
			after:  []*result.ToolFact{tool("canva", "active", "1200", seats(10), nil)},
			want: []result.ToolDelta{{Tool: "canva", Name: "Canva", Change: result.Changed,
				CostBefore: money("1200"), CostAfter: money("1200"), CostDelta: decimal.Zero, SeatsAfter: seats(10)}},
		},
		{
			name:   "unchanged is not listed",
			before: []*result.ToolFact{tool("crm", "active", "1000.50", seats(5), nil)},
			after:  []*result.ToolFact{tool("crm", "active", "1000.5", seats(5), nil)},
			want:   []result.ToolDelta{},
		},
		{
			name: "added, removed, changed in that order, largest amount first",
			before: []*result.ToolFact{tool("a", "active", "100", nil, nil), tool("b", "active", "900", nil, nil),
				tool("c", "active", "10", nil, nil), tool("d", "active", "10", nil, nil)},
			after: []*result.ToolFact{tool("c", "active", "20", nil, nil), tool("d", "active", "1000", nil, nil),
				tool("e", "active", "5", nil, nil), tool("f", "active", "50", nil, nil)},
			want: []result.ToolDelta{
				{Tool: "f", Name: "F", Change: result.Added, CostAfter: money("50"), CostDelta: money("50")},
				{Tool: "e", Name: "E", Change: result.Added, CostAfter: money("5"), CostDelta: money("5")},
				{Tool: "b", Name: "B", Change: result.Removed, CostBefore: money("900"), CostDelta: money("-900")},
				{Tool: "a", Name: "A", Change: result.Removed, CostBefore: money("100"), CostDelta: money("-100")},
				{Tool: "d", Name: "D", Change: result.Changed, CostBefore: money("10"), CostAfter: money("1000"), CostDelta: money("990")},
				{Tool: "c", Name: "C", Change: result.Changed, CostBefore: money("10"), CostAfter: money("20"), CostDelta: money("10")},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			prev, cur := audit("2026-08-20", c.before...), audit("2026-11-20", c.after...)
			result.Compare(cur, &result.Previous{Result: prev})
			got := cur.Changes
			if diff := cmp.Diff(c.want, got.Tools, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
				t.Errorf("Tools (-want +got):\n%s", diff)
			}
			// The deltas explain the spend change, to the cent.
			sum := decimal.Zero
			var added, removed []string
			for _, d := range got.Tools {
				sum = sum.Add(d.CostDelta)
				switch d.Change {
				case result.Added:
					added = append(added, d.Tool)
				case result.Removed:
					removed = append(removed, d.Tool)
				}
			}
			if !sum.Equal(got.SpendDelta) {
				t.Errorf("deltas add up to %s, spend delta is %s", sum, got.SpendDelta)
			}
			if len(added) != len(got.ToolsAdded) || len(removed) != len(got.ToolsRemoved) {
				t.Errorf("ToolsAdded %v / ToolsRemoved %v disagree with Tools (%v / %v)", got.ToolsAdded, got.ToolsRemoved, added, removed)
			}
		})
	}
}

func TestCompareUtilizationInPoints(t *testing.T) {
	cases := []struct {
		name          string
		before, after *float64
		want          []result.UtilizationChange
	}{
		{"a drop in percentage points", share(0.60), share(0.25),
			[]result.UtilizationChange{{Tool: "crm", Before: 0.60, After: 0.25, DeltaPoints: -35}}},
		{"a rise", share(0.125), share(0.5),
			[]result.UtilizationChange{{Tool: "crm", Before: 0.125, After: 0.5, DeltaPoints: 37.5}}},
		{"unchanged is not a change", share(0), share(0), []result.UtilizationChange{}},
		{"float noise is not a change", share(0.3), share(0.1 + 0.2), []result.UtilizationChange{}},
		{"under 0.05 pp rounds to none", share(0.5), share(0.5004), []result.UtilizationChange{}},
		{"0.05 pp counts", share(0.5), share(0.5005), []result.UtilizationChange{{Tool: "crm", Before: 0.5, After: 0.5005, DeltaPoints: 0.1}}},
		{"not measured before", nil, share(0.5), []result.UtilizationChange{}},
		{"not measured now", share(0.5), nil, []result.UtilizationChange{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			prev := audit("2026-08-20", tool("crm", "active", "1000", seats(10), c.before))
			cur := audit("2026-11-20", tool("crm", "active", "1000", seats(10), c.after))
			result.Compare(cur, &result.Previous{Result: prev})
			if diff := cmp.Diff(c.want, cur.Changes.Utilization); diff != "" {
				t.Errorf("Utilization (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckRefusesIncomparable(t *testing.T) {
	at := func(s string) time.Time { tm, _ := time.Parse("2006-01-02", s); return tm }
	src := func(taken string, sim bool) *result.UsageSource {
		return &result.UsageSource{Snapshot: "snaps/" + taken + ".json", TakenAt: at(taken), Simulated: sim}
	}
	with := func(asOf, org, cur string, u *result.UsageSource) *result.Result {
		r := audit(asOf)
		r.Organization = result.Organization{Name: org, Currency: cur}
		r.Usage = u
		return r
	}
	snap := func(taken, org string, sim bool) *result.Previous {
		return &result.Previous{Snapshot: &usage.Snapshot{Path: "q3.json", TakenAt: at(taken), Organization: org, Simulated: sim}}
	}
	now := with("2026-11-20", "Acme", "USD", src("2026-11-20", false))
	cases := []struct {
		name string
		cur  *result.Result
		prev *result.Previous
		want string // "" when comparable; else a part of the error
	}{
		{"last quarter", now, &result.Previous{Result: with("2026-08-20", "Acme", "USD", src("2026-08-20", false))}, ""},
		{"older result without usage", now, &result.Previous{Result: with("2026-08-20", "Acme", "USD", nil)}, ""},
		{"unnamed organization then", now, &result.Previous{Result: with("2026-08-20", "", "USD", nil)}, ""},
		{"another organization", now, &result.Previous{Result: with("2026-08-20", "Globex", "USD", nil)}, `organization "Globex" and this audit is for "Acme"`},
		{"another currency", now, &result.Previous{Result: with("2026-08-20", "Acme", "EUR", nil)}, "money in EUR and this audit in USD"},
		{"same as-of", now, &result.Previous{Result: with("2026-11-20", "Acme", "USD", nil)}, "as of 2026-11-20, not earlier than this audit's as-of 2026-11-20"},
		{"later as-of", now, &result.Previous{Result: with("2027-02-20", "Acme", "USD", nil)}, "as of 2027-02-20, not earlier"},
		{"earlier as-of but this quarter's snapshot", now, &result.Previous{Result: with("2026-08-20", "Acme", "USD", src("2026-11-20", false))},
			"judged usage taken 2026-11-20 (snaps/2026-11-20.json), not earlier than this audit's usage taken 2026-11-20"},
		{"simulated then, measured now", now, &result.Previous{Result: with("2026-08-20", "Acme", "USD", src("2026-08-20", true))}, "simulated (--sandbox) usage and this audit measured usage"},
		{"snapshot of last quarter", now, snap("2026-08-20", "Acme", false), ""},
		{"snapshot of another organization", now, snap("2026-08-20", "Globex", false), `organization "Globex"`},
		{"snapshot not earlier than this usage", now, snap("2026-11-20", "", false), "q3.json was taken 2026-11-20, not earlier than this audit's usage taken 2026-11-20"},
		{"snapshot simulated", now, snap("2026-08-20", "", true), "simulated"},
		{"snapshot not earlier than the as-of, no usage now", with("2026-11-20", "Acme", "USD", nil), snap("2026-11-20", "", false), "not earlier than this audit's as-of 2026-11-20"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := result.Check(c.cur, c.prev)
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.want != "" && err == nil:
				t.Fatalf("accepted, want a refusal with %q", c.want)
			case c.want != "" && !strings.Contains(err.Error(), c.want):
				t.Fatalf("error %q does not say %q", err, c.want)
			}
		})
	}
}

// TestPreviousFromAnOlderBuild: a result written before results recorded
// their usage source (and without the money model's fields) still reads,
// is comparable, and gives every tool delta.
func TestPreviousFromAnOlderBuild(t *testing.T) {
	path := filepath.Join(t.TempDir(), "2026-Q3.json")
	old := `{"schema": "stackaudit.result/v1", "as_of": "2026-08-20", "quarter": "FY2027 Q3",
 "organization": {"name": "Acme", "currency": "USD"},
 "summary": {"tools": 2, "annual_spend": "49000", "estimated_waste": "0", "consolidation_savings": "0",
   "findings": {"high": 0}, "waived": 0, "counting": {"high": 0}, "renewals_next_90_days": 0},
 "findings": [],
 "tools": [
  {"id": "gong", "name": "Gong", "status": "active", "annual_cost": "40000", "has_cost": true, "seats": 20, "utilization": 0.6, "unused_seat_cost": "0"},
  {"id": "drift", "name": "Drift", "status": "active", "annual_cost": "9000", "has_cost": true, "unused_seat_cost": "0"}
 ],
 "overlaps": [], "renewals": [], "gaps": [], "flows": [], "reclaimable_seats": [],
 "spend": {"by_team": [], "by_category": [], "by_objective": [], "by_stage": [], "by_renewal_quarter": []},
 "discovered": []}`
	require.NoError(t, os.WriteFile(path, []byte(old), 0o644))
	prev, err := result.ReadPrevious(path)
	require.NoError(t, err)
	require.NotNil(t, prev.Result)
	assert.Nil(t, prev.Result.Usage)

	cur := audit("2026-11-20", tool("gong", "active", "50000", seats(20), share(0.25)))
	cur.Usage = &result.UsageSource{TakenAt: time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC), Kinds: []result.KindStatus{}}
	require.NoError(t, result.Check(cur, prev))
	result.Compare(cur, prev)
	ch := cur.Changes
	assert.Nil(t, ch.PreviousUsageTakenAt, "the older result does not say when its usage was taken")
	assert.Equal(t, "1000", ch.SpendDelta.String())
	require.Len(t, ch.Tools, 2)
	assert.Equal(t, "drift", ch.Tools[0].Tool)
	assert.Equal(t, result.Removed, ch.Tools[0].Change)
	assert.Equal(t, "gong", ch.Tools[1].Tool)
	assert.Equal(t, "10000", ch.Tools[1].CostDelta.String())
	require.Len(t, ch.Utilization, 1)
	assert.Equal(t, -35.0, ch.Utilization[0].DeltaPoints)
}
