package policies

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/shopspring/decimal"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// spendRules compare what spend feeds (the `spend` discovery kind: card,
// expense and AP exports) show paid with the declared inventory.
func spendRules() []*Rule {
	return []*Rule{
		{
			ID:              "spend-mismatch",
			Title:           "A spend feed shows a declared tool costing more or less than its cost block",
			Family:          "discovery",
			DefaultSeverity: result.Medium,
			NeedsSnapshot:   true,
			What: `Fires for a declared tool whose annualised spend in the spend feeds differs from its ` + "`cost`" + `
(converted to a year and to the organization's currency) by more than ` + "`tolerance`" + ` of the cost. The
spend discovery annualises each purchase by its cadence: a monthly charge times 12, a quarterly one times
4, an annual one once; a purchase without a cadence counts what it cost in the twelve months before the
audit. Refunds net against the charges of their month. A tool without a cost block is left to
` + "`missing-cost`" + `, and a product paid by two or more payers to ` + "`duplicate-purchase`" + `, which explains the
difference better.`,
			Why: `The inventory's costs drive every money figure of the audit: waste, consolidation savings, spend per
objective. A contract that grew with seats added on a card, a price rise, or a cost typed from an old
quote makes all of them wrong, and the renewal is negotiated from the wrong number.`,
			Fix: `Compare the charges in the evidence with the contract. If the contract changed, update the tool's
` + "`cost`" + ` block (amount, period, seats). If the charges are wrong (a plan nobody approved, seats nobody
uses), fix them with the vendor; the next spend export clears the finding.`,
			Example: `# The Brex export shows HUBSPOT INC charging USD 6,480.00 every month
# (USD 77,760.00 a year), 20% more than the declared cost.
discovery "spend" {
  files = ["spend/brex-2026.csv"]
}

tool "hubspot" {
  product = "hubspot-marketing-hub"
  cost {
    amount = 64800
    period = "year"
  }
}`,
			Params: []Param{
				{Name: "tolerance", Type: cty.Number, Default: cty.NumberFloatVal(0.15), Min: 0, Max: 10,
					Description: "The share of the declared cost (0.15 = 15%) by which the annualised spend may differ before the rule fires."},
			},
			Check: checkSpendMismatch,
		},
		{
			ID:              "duplicate-purchase",
			Title:           "A spend feed shows one product paid by two or more cards, reports or teams",
			Family:          "discovery",
			DefaultSeverity: result.High,
			NeedsSnapshot:   true,
			What: `Fires for every product that the spend feeds show paid separately by two or more payers still
being charged: two cards, two expense-report submitters, or a card and an AP vendor account. A payer is
the card when the export names one, else the person who submitted the expense, else the report, else the
team. The finding lists each purchase with its annualised spend; the Actions list proposes cancelling
all but the largest, saving their annual spend. It fires whether or not the product is declared.`,
			Why: `Two teams buying the same tool pay twice for what one contract with more seats would give at a
better price, split the users and their data, and double the renewals to manage. Card purchases escape
procurement, so nobody notices.`,
			Fix: `Keep one purchase (usually the largest, or the one under contract), move the other team's users to it
and cancel the other subscriptions. If the purchases are for separate needs on purpose (separate
workspaces for a client), waive the finding with the reason.`,
			Example: `# The Brex export shows SEMRUSH INC on card 7310 (Content) and
# SEMRUSH.COM on card 5517 (Demand Generation), both monthly.
discovery "spend" {
  files = ["spend/brex-2026.csv"]
}`,
			Check: checkDuplicatePurchase,
		},
	}
}

// spendGroup is what the spend feeds show paid for one product (or
// unmatched merchant), over every discovered tool of a spend source.
type spendGroup struct {
	key, label string
	tools      []*inventory.Tool
	annual     decimal.Decimal
	purchases  []usage.Purchase
	sources    []string
	evidence   []string
}

// spendGroups resolves the spend feeds' discovered tools against the
// inventory as the other discovery rules do, grouping by product. An
// unmatched merchant that matches no declared tool by name is left out:
// it is for a person to triage on the Discovered sheet.
func spendGroups(inv *inventory.Inventory, snap *usage.Snapshot) []*spendGroup {
	if snap == nil {
		return nil
	}
	m := newDiscoveryMatcher(inv)
	byKey := map[string]*spendGroup{}
	for _, dt := range snap.Discovered.Tools {
		if dt.Spend == nil {
			continue
		}
		e := m.resolve(dt.Product, dt.Name)
		if e.Key == "" || (!dt.Spend.Matched && len(e.Tools) == 0) {
			continue
		}
		g := byKey[e.Key]
		if g == nil {
			g = &spendGroup{key: e.Key, label: e.Label, tools: e.Tools}
			byKey[e.Key] = g
		}
		g.annual = g.annual.Add(dt.Spend.Annual)
		g.purchases = append(g.purchases, dt.Spend.Purchases...)
		if !discoveryContains(g.sources, dt.Source) {
			g.sources = append(g.sources, dt.Source)
		}
		if dt.Evidence != "" {
			g.evidence = append(g.evidence, dt.Evidence)
		}
	}
	out := make([]*spendGroup, 0, len(byKey))
	for _, k := range slices.Sorted(maps.Keys(byKey)) {
		g := byKey[k]
		sort.SliceStable(g.purchases, func(i, j int) bool { return g.purchases[i].Annual.GreaterThan(g.purchases[j].Annual) })
		out = append(out, g)
	}
	return out
}

func checkSpendMismatch(ctx *Context, cfg *Config) []result.Finding {
	tol := decimal.NewFromFloat(cfg.Number("tolerance"))
	cur := ctx.Inventory.Organization.Currency
	var out []result.Finding
	for _, g := range spendGroups(ctx.Inventory, ctx.Snapshot) {
		if len(g.tools) == 0 || len(g.purchases) > 1 {
			continue
		}
		declared, costed := decimal.Zero, false
		var subjects []result.Subject
		rng := hcl.Range{}
		for _, t := range g.tools {
			tf := ctx.Facts.Tool(t.ID)
			if tf == nil || !tf.HasCost || t.Status == inventory.StatusRetired {
				continue
			}
			declared, costed = declared.Add(tf.AnnualCost), true
			subjects = append(subjects, result.ToolSubject(t))
			if rng.Filename == "" {
				rng = t.DeclRange
				if t.Cost != nil {
					rng = t.Cost.DeclRange
				}
			}
		}
		if !costed {
			continue
		}
		diff := g.annual.Sub(declared)
		var pct string
		switch {
		case declared.IsZero():
			if !g.annual.IsPositive() {
				continue
			}
			pct = "while the declared cost is zero"
		default:
			ratio := diff.Abs().Div(declared)
			if !ratio.GreaterThan(tol) {
				continue
			}
			sign := "+"
			if diff.IsNegative() {
				sign = "−"
			}
			pct = fmt.Sprintf("%s%s%% of the declared cost", sign, ratio.Mul(decimal.NewFromInt(100)).Round(0).String())
		}
		names := make([]string, len(subjects))
		for i, s := range subjects {
			names[i] = s.String()
		}
		more := "more"
		if diff.IsNegative() {
			more = "less"
		}
		msg := fmt.Sprintf("%s costs %s a year in the inventory (%s), but the spend feed shows %s a year: %s %s (%s). Evidence: %s.",
			g.label, money(cur, declared), strings.Join(names, ", "), money(cur, g.annual), money(cur, diff.Abs()), more, pct,
			strings.Join(g.evidence, "; ")) + discoveryCarriedNote(ctx, g.sources)
		out = append(out, ctx.Finding(rng, msg, subjects...))
	}
	return out
}

// duplicatePurchases are the products the spend feeds show paid by two or
// more payers, for the duplicate-purchase rule and the Actions list.
func duplicatePurchases(inv *inventory.Inventory, snap *usage.Snapshot) []*result.DuplicatePurchase {
	var out []*result.DuplicatePurchase
	for _, g := range spendGroups(inv, snap) {
		if len(g.purchases) < 2 {
			continue
		}
		d := &result.DuplicatePurchase{Key: g.key, Name: g.label, Tools: []string{}}
		for _, t := range g.tools {
			d.Tools = append(d.Tools, t.ID)
		}
		for i, p := range g.purchases {
			d.Purchases = append(d.Purchases, result.PurchaseFact{Payer: purchasePayer(p), Team: p.Team, Cadence: p.Cadence, Annual: p.Annual, Source: p.Source})
			if i > 0 {
				d.Saving = d.Saving.Add(p.Annual)
			}
		}
		out = append(out, d)
	}
	return out
}

// purchasePayer names a payer with the person and team behind it: "card
// 5517 (Marco Rossi, Demand Generation)".
func purchasePayer(p usage.Purchase) string {
	var extra []string
	if p.Employee != "" && !strings.Contains(strings.ToLower(p.Payer), strings.ToLower(p.Employee)) {
		extra = append(extra, p.Employee)
	}
	if p.Team != "" {
		extra = append(extra, p.Team)
	}
	if len(extra) == 0 {
		return p.Payer
	}
	return p.Payer + " (" + strings.Join(extra, ", ") + ")"
}

func duplicateSubjects(inv *inventory.Inventory, d *result.DuplicatePurchase) []result.Subject {
	subjects := []result.Subject{discoverySubject(d.Key)}
	for _, id := range d.Tools {
		subjects = append(subjects, result.ToolSubject(inv.Tool(id)))
	}
	return subjects
}

func checkDuplicatePurchase(ctx *Context, _ *Config) []result.Finding {
	inv := ctx.Inventory
	cur := inv.Organization.Currency
	var out []result.Finding
	for _, d := range ctx.Facts.DuplicatePurchases {
		var parts []string
		for _, p := range d.Purchases {
			parts = append(parts, fmt.Sprintf("%s, %s, %s a year (%s)", p.Payer, p.Cadence, money(cur, p.Annual), p.Source))
		}
		msg := fmt.Sprintf("%s is paid by %d separate purchases: %s.", d.Name, len(d.Purchases), strings.Join(parts, "; "))
		rng := discoveryRange(inv, []string{"spend"})
		if len(d.Tools) > 0 {
			t := inv.Tool(d.Tools[0])
			msg += fmt.Sprintf(" It is declared as %s.", result.ToolSubject(t))
			rng = t.DeclRange
		} else {
			msg += " It matches no declared tool."
		}
		msg += fmt.Sprintf(" Keeping the largest saves %s a year.", money(cur, d.Saving))
		out = append(out, ctx.Finding(rng, msg, duplicateSubjects(inv, d)...))
	}
	return out
}

// duplicateActions propose cancelling the smaller purchases of each
// product paid twice. answer links an action to the finding it answers.
func duplicateActions(inv *inventory.Inventory, r *result.Result, answer func(*result.Action, string, ...result.Subject)) []*result.Action {
	cur := r.Currency
	var out []*result.Action
	for _, d := range r.DuplicatePurchases {
		if !d.Saving.IsPositive() {
			continue
		}
		var cancel []string
		for _, p := range d.Purchases[1:] {
			cancel = append(cancel, p.Payer)
		}
		a := &result.Action{Kind: result.ActionCancelDuplicate, Tools: d.Tools, Amount: d.Saving,
			Title:  fmt.Sprintf("Cancel the duplicate %s purchase on %s", d.Name, strings.Join(cancel, ", ")),
			Detail: fmt.Sprintf("%s is paid by %d separate purchases; keep %s (%s a year) and move the others' users to it.", d.Name, len(d.Purchases), d.Purchases[0].Payer, money(cur, d.Purchases[0].Annual)),
		}
		var ev []string
		for _, p := range d.Purchases {
			ev = append(ev, fmt.Sprintf("%s: %s, %s a year (%s)", p.Payer, p.Cadence, money(cur, p.Annual), p.Source))
		}
		a.Evidence = "Spend feed: " + strings.Join(ev, "; ") + "."
		if len(d.Tools) > 0 {
			a.Owner = r.Tool(d.Tools[0]).Owner
		}
		answer(a, "duplicate-purchase", duplicateSubjects(inv, d)...)
		out = append(out, a)
	}
	return out
}
