package policies

import (
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

func flowFacts(inv *inventory.Inventory) []*result.FlowFact {
	out := make([]*result.FlowFact, 0, len(inv.Flows))
	for _, fl := range inv.Flows {
		ff := &result.FlowFact{ID: fl.ID, Data: []string{}, Gaps: []string{}, Method: fl.Method, Frequency: fl.Frequency, Location: result.LocationOf(fl.DeclRange)}
		if fl.From != nil {
			ff.From, ff.FromName = fl.From.ID, fl.From.Name
		}
		if fl.To != nil {
			ff.To, ff.ToName = fl.To.ID, fl.To.Name
		}
		if fl.Via != nil {
			ff.Via = fl.Via.ID
		}
		personal := false
		for _, d := range fl.Data {
			ff.Data = append(ff.Data, d.ID)
			if sensitivityRank(d.Sensitivity) > sensitivityRank(ff.HighestSensitivity) {
				ff.HighestSensitivity = d.Sensitivity
			}
			personal = personal || d.Personal()
		}
		if fl.Owner != nil {
			ff.Owner = fl.Owner.ID
		} else {
			ff.Gaps = append(ff.Gaps, "no owner")
		}
		if len(fl.Data) == 0 {
			ff.Gaps = append(ff.Gaps, "no data classes declared")
		}
		if personal && fl.To != nil && (fl.To.Contract == nil || fl.To.Contract.DPA == nil || !*fl.To.Contract.DPA) {
			ff.Gaps = append(ff.Gaps, "personal data to a tool without a DPA")
		}
		out = append(out, ff)
	}
	return out
}

func sensitivityRank(s string) int {
	switch s {
	case inventory.SensitivityPublic:
		return 1
	case inventory.SensitivityInternal:
		return 2
	case inventory.SensitivityPersonal:
		return 3
	case inventory.SensitivitySensitive:
		return 4
	}
	return 0
}

// spend breaks the annual spend down. Tools serving several objectives or
// stages are split evenly, so each breakdown adds up to the total.
func spend(inv *inventory.Inventory, f *result.Facts) result.Spend {
	type acc struct {
		name  string
		tools map[string]bool
		sum   decimal.Decimal
	}
	newBreakdown := func() map[string]*acc { return map[string]*acc{} }
	add := func(m map[string]*acc, key, name, tool string, amount decimal.Decimal) {
		a := m[key]
		if a == nil {
			a = &acc{name: name, tools: map[string]bool{}}
			m[key] = a
		}
		a.tools[tool] = true
		a.sum = a.sum.Add(amount)
	}
	lines := func(m map[string]*acc) []result.SpendLine {
		out := make([]result.SpendLine, 0, len(m))
		for k, a := range m {
			out = append(out, result.SpendLine{Key: k, Name: a.name, Tools: len(a.tools), Annual: a.sum.Round(2)})
		}
		sort.Slice(out, func(i, j int) bool {
			if !out[i].Annual.Equal(out[j].Annual) {
				return out[i].Annual.GreaterThan(out[j].Annual)
			}
			return out[i].Key < out[j].Key
		})
		return out
	}
	team, cat, obj, stage, quarter := newBreakdown(), newBreakdown(), newBreakdown(), newBreakdown(), newBreakdown()
	for _, t := range inv.Tools {
		tf := f.Tool(t.ID)
		if !tf.AnnualCost.IsPositive() {
			continue
		}
		a := tf.AnnualCost
		if t.Owner != nil {
			add(team, t.Owner.ID, t.Owner.Name, t.ID, a)
		} else {
			add(team, "", "(no owner)", t.ID, a)
		}
		top := tf.TopCategory
		name := "(unknown category)"
		if c, ok := inv.Catalog.Category(top); ok {
			name = c.Name
		}
		add(cat, top, name, t.ID, a)
		if len(t.Objectives) == 0 {
			add(obj, "", "(unaligned)", t.ID, a)
		}
		for _, o := range t.Objectives {
			add(obj, o.ID, o.Name, t.ID, a.Div(decimal.NewFromInt(int64(len(t.Objectives)))))
		}
		if len(t.Stages) == 0 {
			add(stage, "", "(no stage)", t.ID, a)
		}
		for _, s := range t.Stages {
			add(stage, s, s, t.ID, a.Div(decimal.NewFromInt(int64(len(t.Stages)))))
		}
		if tf.ContractEnd == nil {
			add(quarter, "", "(no contract end)", t.ID, a)
		} else {
			q := FiscalQuarter(*tf.ContractEnd, inv.Organization.FiscalYearStart)
			add(quarter, q, q, t.ID, a)
		}
	}
	s := result.Spend{ByTeam: lines(team), ByCategory: lines(cat), ByObjective: lines(obj), ByStage: lines(stage), ByRenewalQuarter: lines(quarter)}
	// Renewal quarters read best in time order.
	sort.SliceStable(s.ByRenewalQuarter, func(i, j int) bool {
		a, b := s.ByRenewalQuarter[i].Key, s.ByRenewalQuarter[j].Key
		if (a == "") != (b == "") {
			return b == ""
		}
		return a < b
	})
	return s
}

// FiscalQuarter names the fiscal quarter of a date, e.g. "FY2027 Q1". A
// fiscal year is named after the calendar year in which it ends, the most
// common convention; with the default start (01-01) it is the calendar
// year.
func FiscalQuarter(d time.Time, start inventory.MonthDay) string {
	startThisYear := time.Date(d.Year(), start.Month, start.Day, 0, 0, 0, 0, time.UTC)
	fyStart := startThisYear
	if d.Before(startThisYear) {
		fyStart = startThisYear.AddDate(-1, 0, 0)
	}
	fyEnd := fyStart.AddDate(1, 0, -1)
	months := (d.Year()-fyStart.Year())*12 + int(d.Month()) - int(fyStart.Month())
	if d.Day() < fyStart.Day() {
		months--
	}
	return fmt.Sprintf("FY%d Q%d", fyEnd.Year(), months/3+1)
}

// discoveredFacts lists what discovery found that matches nothing in the
// inventory, with the same matching as the undeclared-tool and
// undeclared-flow rules.
func discoveredFacts(inv *inventory.Inventory, snap *usage.Snapshot) []*result.DiscoveredItem {
	out := []*result.DiscoveredItem{}
	if snap == nil {
		return out
	}
	m := newDiscoveryMatcher(inv)
	for _, dt := range snap.Discovered.Tools {
		if e := m.resolve(dt.Product, dt.Name); len(e.Tools) == 0 {
			item := &result.DiscoveredItem{Kind: "tool", Source: dt.Source, Name: dt.Name, Product: e.Key, Users: dt.Users, Scopes: nonNil(dt.Scopes), Evidence: dt.Evidence}
			estimateDiscovered(inv, item)
			if dt.Spend != nil {
				annual := dt.Spend.Annual
				item.AnnualSpend = &annual
				if !dt.Spend.Matched {
					item.Product = ""
				}
			}
			out = append(out, item)
		}
	}
	for _, in := range snap.Discovered.Integrations {
		if e := m.resolve(in.Product, "", in.Evidence); len(e.Tools) == 0 {
			out = append(out, &result.DiscoveredItem{Kind: "integration", Source: in.Source, Name: e.Label, Product: e.Key, Scopes: []string{}, Repo: in.Repo, Path: in.Path, Evidence: in.Evidence})
		}
	}
	edges := discoveryEdges(inv.Flows)
	for _, df := range snap.Discovered.Flows {
		from, to := m.resolve(df.FromProduct, df.From), m.resolve(df.ToProduct, df.To)
		declared := len(from.Tools) > 0 && len(to.Tools) > 0 &&
			(discoverySameTool(from.Tools, to.Tools) || discoveryConnected(edges, from.Tools, to.Tools))
		if !declared {
			out = append(out, &result.DiscoveredItem{Kind: "flow", Source: df.Source, Name: from.Label + " → " + to.Label, Scopes: []string{}, From: df.From, To: df.To, Evidence: df.Evidence})
		}
	}
	// A discovery block that failed or was skipped is listed too: without
	// it, an empty list would read as "nothing undeclared".
	for _, e := range snap.Discovered.Errors {
		name := fmt.Sprintf("%s discovery %s", e.Source, discoveryOutcome(e.Status))
		for _, c := range snap.Discovered.Carried {
			if c.Source == e.Source {
				name += fmt.Sprintf("; its findings of %s are carried forward", c.MeasuredAt.Format("2006-01-02"))
			}
		}
		out = append(out, &result.DiscoveredItem{Kind: "not discovered", Source: e.Source, Name: name,
			Scopes: []string{}, Evidence: e.Error})
	}
	return out
}

func discoveryOutcome(status string) string {
	if status == usage.StatusSkipped {
		return "was skipped"
	}
	return "failed"
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
