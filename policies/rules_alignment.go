package policies

import (
	"fmt"
	"strings"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// alignmentRules check that spend ladders up to measurable objectives.
func alignmentRules() []*Rule {
	return []*Rule{
		{
			ID:              "unaligned-spend",
			Title:           "A paid tool supports no objective",
			Family:          "alignment",
			DefaultSeverity: result.Low,
			What: `Fires for every ` + "`active`" + ` or ` + "`trial`" + ` tool whose annual cost is above zero and that lists no
` + "`objectives`" + `. Free tools, tools without a cost block, and retiring or retired tools are not reported.
The finding gives the tool's annual cost in the organization's currency.`,
			Why: `Spend that supports no objective is the first place finance looks when the budget is cut, and the
hardest to defend at renewal. Linking every paid tool to an objective lets the audit show cost per
objective and exposes tools that were bought for a campaign long over.`,
			Fix: `Add the objectives the tool serves with ` + "`objectives = [objective.<id>]`" + `. If it serves none,
plan its retirement (` + "`status = \"retiring\"`" + `) and give notice before the contract renews. If the objective
it serves is missing from the inventory, declare it with an owner and KPIs.`,
			Example: `tool "cision" {
  category = "public-relations"
  status   = "active"

  cost {
    amount = 14000
    period = "year"
  }
}`,
			Check: checkUnalignedSpend,
		},
		{
			ID:              "objective-without-kpi",
			Title:           "An objective lists no KPI",
			Family:          "alignment",
			DefaultSeverity: result.Low,
			What: `Fires for every ` + "`objective`" + ` whose ` + "`kpis`" + ` list is absent, empty, or holds only blank
strings. The finding says how many tools ladder up to the objective.`,
			Why: `An objective without a KPI cannot be measured, so the tools that ladder up to it cannot be judged
either: nobody can say at renewal whether the spend moved anything. KPIs are also what the quarterly
audit reports progress against.`,
			Fix: `Add one to three measurable KPIs with ` + "`kpis = [\"...\"]`" + `, each with a unit and, ideally, a
period (for example "Cost per opportunity (USD, quarterly)"). Agree them with the objective's owner.`,
			Example: `objective "martech_efficiency" {
  name = "Cut martech cost per opportunity by 15%"
}`,
			Check: checkObjectiveWithoutKPI,
		},
	}
}

func checkUnalignedSpend(ctx *Context, _ *Config) []result.Finding {
	var out []result.Finding
	for _, t := range ctx.Inventory.Tools {
		if t.Status != inventory.StatusActive && t.Status != inventory.StatusTrial {
			continue
		}
		tf := ctx.Facts.Tool(t.ID)
		if len(t.Objectives) > 0 || !tf.AnnualCost.IsPositive() {
			continue
		}
		msg := fmt.Sprintf("%s costs %s a year and supports no objective.", dataToolLabel(t), money(ctx.Facts.Currency, tf.AnnualCost))
		out = append(out, ctx.Finding(t.AttrRange("objectives"), msg, result.ToolSubject(t)))
	}
	return out
}

func checkObjectiveWithoutKPI(ctx *Context, _ *Config) []result.Finding {
	var out []result.Finding
	for _, o := range ctx.Inventory.Objectives {
		hasKPI := false
		for _, k := range o.KPIs {
			hasKPI = hasKPI || strings.TrimSpace(k) != ""
		}
		if hasKPI {
			continue
		}
		var tools []string
		for _, t := range ctx.Inventory.Tools {
			if t.Status == inventory.StatusRetired {
				continue
			}
			for _, to := range t.Objectives {
				if to == o {
					tools = append(tools, t.ID)
					break
				}
			}
		}
		msg := fmt.Sprintf("The objective %q (%s) lists no KPI", o.Name, o.ID)
		switch len(tools) {
		case 0:
			msg += "."
		case 1:
			msg += fmt.Sprintf("; 1 tool ladders up to it (%s).", tools[0])
		default:
			msg += fmt.Sprintf("; %d tools ladder up to it (%s).", len(tools), strings.Join(tools, ", "))
		}
		out = append(out, ctx.Finding(o.AttrRange("kpis"), msg, result.ObjectiveSubject(o)))
	}
	return out
}
