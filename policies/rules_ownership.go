package policies

import (
	"fmt"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// ownershipRules report the ownership gaps of Facts.Gaps as findings, so
// that the findings and the workbook's `Ownership gaps` sheet always agree.
func ownershipRules() []*Rule {
	return []*Rule{
		{
			ID:              "tool-without-owner",
			Title:           "A tool has no owner",
			Family:          "ownership",
			DefaultSeverity: result.High,
			What: "Fires for every tool that is not `retired` and has no `owner` (a `team.<id>` reference). Trials and " +
				"retiring tools need an owner too: someone has to convert or end the trial, and run the retirement.",
			Why: "The owner is the team accountable for a tool's seats, renewal, data and integrations. Without one, " +
				"nobody answers the audit's questions, approves seat reductions or gives notice before a renewal, and " +
				"the tool drifts until the next invoice.",
			Fix: "Agree with the teams that use the tool which one is accountable and set `owner = team.<id>`. If no " +
				"team will take it, that is usually a sign the tool should be retired: set `status = \"retiring\"` and " +
				"plan its end.",
			Example: `tool "semrush" {
  category = "seo"
  status   = "active"
  # no owner
}`,
			Check: ownershipGapCheck("tool-owner", (*inventory.Inventory).Tool, func(ctx *Context, t *inventory.Tool) result.Finding {
				msg := fmt.Sprintf("%s has no owner.", redundancyToolLabel(t))
				if cost := ctx.Facts.Tool(t.ID).AnnualCost; cost.IsPositive() {
					msg = fmt.Sprintf("%s has no owner, and costs %s a year.", redundancyToolLabel(t), money(ctx.Facts.Currency, cost))
				}
				return ctx.Finding(t.AttrRange("owner"), msg, result.ToolSubject(t))
			}),
		},
		{
			ID:              "flow-without-owner",
			Title:           "A data flow has no owner",
			Family:          "ownership",
			DefaultSeverity: result.High,
			What:            "Fires for every `flow` without an `owner`.",
			Why: "A data flow moves customer data between tools; when it breaks, duplicates records or sends data " +
				"somewhere it should not go, someone must notice and fix it. A flow without an owner is also one that " +
				"nobody updates when either tool changes, which is how stale syncs and orphaned API keys accumulate.",
			Fix: "Set `owner = team.<id>` to the team that maintains the integration (often the owner of the `to` " +
				"tool, or the team running the `via` tool). If nobody maintains it, check whether it still runs and " +
				"remove it.",
			Example: `tool "cvent" {
  category = "events-webinars"
}

tool "marketo" {
  category = "marketing-automation"
}

flow "booth_scans_to_marketo" {
  from   = tool.cvent
  to     = tool.marketo
  method = "file"
  # no owner
}`,
			Check: ownershipGapCheck("flow-owner", (*inventory.Inventory).Flow, func(ctx *Context, fl *inventory.Flow) result.Finding {
				msg := fmt.Sprintf("The flow %s has no owner.", fl.ID)
				if fl.From != nil && fl.To != nil {
					msg = fmt.Sprintf("The flow %s (%s → %s) has no owner.", fl.ID, fl.From.Name, fl.To.Name)
				}
				return ctx.Finding(fl.AttrRange("owner"), msg, result.FlowSubject(fl))
			}),
		},
		{
			ID:              "team-without-lead",
			Title:           "A team that owns tools or flows has no lead",
			Family:          "ownership",
			DefaultSeverity: result.Low,
			What: "Fires for a team that is the `owner` of at least one tool or flow and has no `lead` contact. Teams " +
				"that own nothing are not reported.",
			Why: "Ownership by a team only works when the team has a person to contact: the audit, procurement and " +
				"security need someone to ask about renewals, seats and data access. A team without a lead usually " +
				"lost it in a reorganization, and its tools are effectively unowned.",
			Fix: "Set `lead` to the email of the person accountable for the team's tools (a manager or the tools' " +
				"main admin). If the team no longer exists, move its tools and flows to another team.",
			Example: `team "brand" {
  name = "Brand & Creative"
  # no lead
}

tool "figma" {
  category = "collaboration"
  owner    = team.brand
}`,
			Check: checkTeamWithoutLead,
		},
		{
			ID:              "objective-without-owner",
			Title:           "An objective has no owner",
			Family:          "ownership",
			DefaultSeverity: result.Medium,
			What:            "Fires for every `objective` without an `owner`.",
			Why: "Objectives are what spend must ladder up to; the owner is the team that decides which tools serve an " +
				"objective and reports on its KPIs. Without one, tools can claim to support the objective with nobody " +
				"checking that they do, and the spend-by-objective view loses its meaning.",
			Fix: "Set `owner = team.<id>` to the team accountable for the objective's results. If nobody owns it, the " +
				"objective is probably obsolete: remove it and move its tools to a current one.",
			Example: `objective "data_trust" {
  name = "Trusted customer data"
  kpis = ["Duplicate rate below 2%"]
  # no owner
}`,
			Check: ownershipGapCheck("objective-owner", (*inventory.Inventory).Objective, func(ctx *Context, o *inventory.Objective) result.Finding {
				name := o.ID
				if o.Name != "" && o.Name != o.ID {
					name = fmt.Sprintf("%q (%s)", o.Name, o.ID)
				}
				return ctx.Finding(o.AttrRange("owner"), fmt.Sprintf("The objective %s has no owner.", name), result.ObjectiveSubject(o))
			}),
		},
	}
}

// ownershipGapCheck turns the gaps of one kind into findings: lookup
// finds each gap's subject in the inventory (a gap whose subject it does
// not find gives no finding) and finding words the gap for that subject.
func ownershipGapCheck[T any](kind string, lookup func(*inventory.Inventory, string) *T, finding func(*Context, *T) result.Finding) func(*Context, *Config) []result.Finding {
	return func(ctx *Context, _ *Config) []result.Finding {
		var out []result.Finding
		for _, g := range ctx.Facts.Gaps {
			if g.Kind != kind {
				continue
			}
			if subject := lookup(ctx.Inventory, g.Subject.ID); subject != nil {
				out = append(out, finding(ctx, subject))
			}
		}
		return out
	}
}

func checkTeamWithoutLead(ctx *Context, cfg *Config) []result.Finding {
	inv := ctx.Inventory
	tools, flows := map[*inventory.Team]int{}, map[*inventory.Team]int{}
	for _, t := range inv.Tools {
		if t.Owner != nil {
			tools[t.Owner]++
		}
	}
	for _, fl := range inv.Flows {
		if fl.Owner != nil {
			flows[fl.Owner]++
		}
	}
	return ownershipGapCheck("team-lead", (*inventory.Inventory).Team, func(ctx *Context, tm *inventory.Team) result.Finding {
		var owns []string
		if n := tools[tm]; n > 0 {
			owns = append(owns, redundancyCount(n, "tool", "tools"))
		}
		if n := flows[tm]; n > 0 {
			owns = append(owns, redundancyCount(n, "flow", "flows"))
		}
		name := tm.ID
		if tm.Name != "" && tm.Name != tm.ID {
			name = fmt.Sprintf("%s (%s)", tm.Name, tm.ID)
		}
		msg := fmt.Sprintf("%s owns %s and has no lead.", name, redundancyJoin(owns, 0))
		return ctx.Finding(tm.AttrRange("lead"), msg, result.TeamSubject(tm))
	})(ctx, cfg)
}
