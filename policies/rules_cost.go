package policies

import (
	"fmt"
	"math"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// costRules are the spend rules: seats nobody uses, tools nobody uses, and
// spend that is not measured or not declared.
func costRules() []*Rule {
	return []*Rule{
		{
			ID:              "low-utilization",
			Title:           "Too few of the purchased seats are used",
			Family:          "cost",
			DefaultSeverity: result.Medium,
			NeedsSnapshot:   true,
			What: "Fires for an `active` tool with usage data when the users active in the last 30 days divided by " +
				"the purchased seats is below `threshold` (default 0.6, i.e. 60%). Purchased seats are the vendor's " +
				"figure from the scan, else the inventory's `cost.seats`. Tools with fewer than `min_seats` seats " +
				"(default 5) are ignored, and a utilization exactly at the threshold does not fire. The message gives " +
				"what the money model (docs/money.md) can reclaim: the unassigned and inactive seats less the growth " +
				"buffer, at the contract's seat price; a flat-fee contract has no seat price, so idle users there save " +
				"nothing unless the whole tool goes.",
			Why: "Seats are bought for a plan or a headcount that rarely survives the year. Unused seats are the " +
				"easiest saving in the stack: they can usually be removed at renewal, or reassigned instead of buying " +
				"new ones, without changing how anybody works.",
			Fix: "Open the `Seats` sheet of the audit workbook to see who has not logged in, confirm with the tool's " +
				"owner, and remove or reassign those seats. Lower `cost.seats` (and the contract's seat count at " +
				"renewal) to what is used plus a small buffer. If low use is expected (a seasonal tool), raise " +
				"`min_seats` or lower `threshold` in a `rule \"low-utilization\"` block, or add a waiver.",
			Example: `tool "looker" {
  category = "dashboards-visualization"
  status   = "active"
  cost {
    amount = 72000
    period = "year"
    seats  = 60 # the snapshot shows 21 users active in 30 days: 35%
  }
  scan "csv" {
    path = "usage/looker-users.csv"
  }
}`,
			Params: []Param{
				{Name: "threshold", Type: cty.Number, Default: num(0.6),
					Description: "Utilization (active users in 30 days ÷ purchased seats, a number from 0 to 1) below which the rule fires.", Max: 1},
				{Name: "min_seats", Type: cty.Number, Default: num(5),
					Description: "Tools with fewer purchased seats than this are ignored: a 3-seat tool with one idle seat is not worth a finding.", Integer: true},
			},
			Check: checkLowUtilization,
		},
		{
			ID:              "right-size",
			Title:           "Idle seats are worth reclaiming at renewal",
			Family:          "cost",
			DefaultSeverity: result.Medium,
			NeedsSnapshot:   true,
			What: "Fires for an `active`, seat-based tool (`cost.seats` set, so it has a seat price) with usage data " +
				"when its reclaimable seats are worth at least `min_saving` a year. Reclaimable = unassigned seats " +
				"(bought, nobody holds them) + inactive seats (held, nobody active in 30 days) − a growth buffer of " +
				"`buffer` × purchased seats (rounded up), valued at the seat price (annual cost ÷ `cost.seats`), from " +
				"the next renewal. A tool nobody used in 90 days is `inactive-tool`'s instead: cancelling it saves more. " +
				"`buffer` is read even when the rule is disabled: it shapes the waste figure of every report.",
			Why: "Idle seats are the largest line of martech waste and the easiest to recover: the seat count is " +
				"negotiated at every renewal, and nobody's work changes. A usage ratio alone (`low-utilization`) does " +
				"not say what to buy; this says how many seats to keep and what that saves.",
			Fix: "Before the renewal (the `Actions` sheet gives the date to act by), ask the owner to confirm the idle " +
				"users on the `Seats` sheet, remove them, and renew with the recommended seat count; then lower " +
				"`cost.seats` and `cost.amount`. Raise `buffer` for a team that is hiring, or add a waiver.",
			Example: `tool "salesforce" {
  category = "crm"
  status   = "active"
  cost {
    amount = 198000
    period = "year"
    seats  = 110 # the snapshot shows 104 assigned, 72 active in 30 days
  }
}

rule "right-size" {
  buffer     = 0.10 # keep 11 seats for growth: right-size to 83, reclaim 27
  min_saving = 1000
}`,
			Params: []Param{
				{Name: "buffer", Type: cty.Number, Default: num(0.10),
					Description: "Share of the purchased seats kept as a growth buffer on top of the active users (0 to 1).", Max: 1},
				{Name: "min_saving", Type: cty.Number, Default: num(1000),
					Description: "Annual saving, in the organization's currency, below which no finding is made (the saving still counts in the waste)."},
			},
			Check: checkRightSize,
		},
		{
			ID:              "inactive-tool",
			Title:           "A paid tool has had no activity in 90 days",
			Family:          "cost",
			DefaultSeverity: result.High,
			NeedsSnapshot:   true,
			What: "Fires for a tool with status `active` or `trial`, an annual cost above zero and usage data in the " +
				"snapshot, when no user was active in the 90 days before the audit date (`active.d90` is 0).",
			Why: "A tool nobody has used for a quarter is paid for nothing: typically a campaign tool whose campaign " +
				"ended, a trial that converted to a paid plan silently, or a tool replaced by another one without " +
				"being cancelled. Its whole cost is waste, and its stored data is a risk nobody watches.",
			Fix: "Ask the owner whether the tool is still needed. If not, give notice (see the `Renewals` sheet for " +
				"the deadline), export what must be kept, and set `status = \"retiring\"`, then `\"retired\"`. If it " +
				"is used through an account the scanner cannot see (an API key, a shared login), fix the scan so the " +
				"usage is measured.",
			Example: `tool "cision" {
  category = "public-relations"
  status   = "active"
  cost {
    amount = 24000
    period = "year"
    seats  = 5 # the snapshot shows active.d90 = 0
  }
  scan "csv" {
    path = "usage/cision-users.csv"
  }
}`,
			Check: checkInactiveTool,
		},
		{
			ID:              "unmeasured-spend",
			Title:           "A paid, seat-based tool has no usage data",
			Family:          "cost",
			DefaultSeverity: result.Low,
			What: "Fires for a paid tool (annual cost above zero, so never a `retired` one) with purchased seats " +
				"(`cost.seats`) but no usage data: it has no `scan` block, or the snapshot has no usable data for it " +
				"(its scan failed, was skipped, or the tool is missing from the snapshot). Before the first scan (no " +
				"snapshot at all), a tool with a `scan` block fires too, naming the command that measures it: " +
				"`stackaudit scan DIR`.",
			Why: "Seat-based spend that is never measured cannot be checked for unused seats or abandoned tools, so " +
				"`low-utilization` and `inactive-tool` are blind to it. The bigger the seat count, the more likely " +
				"some of it is waste.",
			Fix: "Add a `scan` block for the tool: a vendor scanner if there is one, the `http` scanner for any JSON " +
				"user API, or the `csv` scanner for the vendor's exported user list. If the scan failed, check the " +
				"token named by `token_env` and the error in the snapshot, then run `stackaudit scan DIR` again. Before the " +
				"first scan, run `stackaudit scan DIR` (DIR is the inventory's folder) with the token variables set; it " +
				"writes the snapshot `check` and `audit` read.",
			Example: `tool "bynder" {
  category = "dam-mrm"
  status   = "active"
  cost {
    amount = 30000
    period = "year"
    seats  = 40
  }
  # no scan block
}`,
			Check: checkUnmeasuredSpend,
		},
		{
			ID:              "missing-cost",
			Title:           "An active tool has no cost",
			Family:          "cost",
			DefaultSeverity: result.Low,
			What: "Fires for a tool with status `active` that has no `cost` block. Trials, retiring and retired tools " +
				"are exempt. A free tool is declared with `cost { amount = 0 … }`, which does not fire.",
			Why: "Every spend total, per-team and per-objective split and saving estimate in the audit leaves this tool " +
				"out, so the reports understate what the stack costs. A tool with no declared cost is also often one " +
				"whose contract nobody has seen.",
			Fix: "Add a `cost` block with the `amount`, `period` and, for per-seat pricing, `seats` from the invoice or " +
				"the contract (finance or the vendor portal has them). If the tool is genuinely free, write " +
				"`amount = 0` so the audit knows it was checked.",
			Example: `tool "dreamdata" {
  category = "marketing-analytics"
  status   = "active"
  # no cost block
}`,
			Check: checkMissingCost,
		},
	}
}

func checkLowUtilization(ctx *Context, cfg *Config) []result.Finding {
	threshold := cfg.Number("threshold")
	minSeats := cfg.Number("min_seats")
	var out []result.Finding
	for _, tf := range ctx.Facts.Tools {
		if tf.Status != inventory.StatusActive || !tf.Measured || tf.Utilization == nil || tf.Seats == nil {
			continue
		}
		if float64(*tf.Seats) < minSeats || *tf.Utilization >= threshold {
			continue
		}
		t := ctx.Inventory.Tool(tf.ID)
		rng := t.DeclRange
		if t.Cost != nil {
			rng = t.Cost.AttrRange("seats")
		}
		msg := fmt.Sprintf("%s: %d of %s active in the last 30 days (%s, below the %s threshold).%s",
			t.Name, *tf.Active30, redundancyCount(*tf.Seats, "purchased seat", "purchased seats"),
			costPercent(*tf.Utilization), costPercent(threshold), usageNote(ctx, tf.ID))
		switch sv := tf.Saving; {
		case sv != nil && sv.Kind == result.ActionRightSize:
			msg += fmt.Sprintf(" %s can be reclaimed at %s: %s a year.", redundancyCount(tf.SeatPosition.Reclaimable, "seat", "seats"),
				whenText(sv.When), money(ctx.Facts.Currency, sv.Amount))
		case sv != nil && sv.Kind == result.ActionCancel:
			msg += fmt.Sprintf(" Cancelling it saves %s a year.", money(ctx.Facts.Currency, sv.Amount))
		case tf.SeatPrice == nil && tf.HasCost && tf.AnnualCost.IsPositive():
			msg += " It is a flat fee: removing users saves nothing unless the whole tool goes."
		}
		out = append(out, ctx.Finding(rng, msg, result.ToolSubject(t)))
	}
	return out
}

// costPercent formats a ratio as a whole percentage, rounding down so that
// 59.9% never reads as the 60% threshold.
func costPercent(r float64) string {
	p := math.Floor(r*1000+1e-9) / 10
	if p == math.Trunc(p) {
		return fmt.Sprintf("%.0f%%", p)
	}
	return fmt.Sprintf("%.1f%%", p)
}

func checkInactiveTool(ctx *Context, _ *Config) []result.Finding {
	var out []result.Finding
	for _, tf := range ctx.Facts.Tools {
		if tf.Status != inventory.StatusActive && tf.Status != inventory.StatusTrial {
			continue
		}
		if !tf.Measured || tf.Active90 == nil || *tf.Active90 != 0 || !tf.AnnualCost.IsPositive() {
			continue
		}
		t := ctx.Inventory.Tool(tf.ID)
		msg := fmt.Sprintf("%s costs %s a year and no user was active in it in the last 90 days", t.Name, money(ctx.Facts.Currency, tf.AnnualCost))
		if tf.LastActivity != nil {
			msg += fmt.Sprintf(" (last activity %s, %d days ago)", tf.LastActivity.Format("2006-01-02"), -ctx.DaysUntil(*tf.LastActivity))
		} else {
			msg += " (the scan recorded no activity at all)"
		}
		msg += "." + usageNote(ctx, tf.ID)
		if tf.Status == inventory.StatusTrial {
			msg += " It is a paid trial."
		}
		out = append(out, ctx.Finding(t.DeclRange, msg, result.ToolSubject(t)))
	}
	return out
}

func checkUnmeasuredSpend(ctx *Context, _ *Config) []result.Finding {
	var out []result.Finding
	for _, tf := range ctx.Facts.Tools {
		if !tf.UnmeasuredSpend.IsPositive() {
			continue
		}
		t := ctx.Inventory.Tool(tf.ID)
		var why string
		rng := t.DeclRange
		if t.Cost != nil {
			rng = t.Cost.AttrRange("seats")
		}
		switch {
		case t.Scan == nil:
			why = "it has no scan block"
		case ctx.Snapshot == nil:
			// Before the first scan: say how to measure it.
			rng = t.Scan.DeclRange
			why = fmt.Sprintf("no scan has run yet (there is no snapshot). Run `stackaudit scan DIR` on this inventory to measure it with its %q scan block", t.Scan.Kind)
		default:
			rng = t.Scan.DeclRange
			why = costScanProblem(t, ctx.Snapshot.Tools[t.ID])
		}
		msg := fmt.Sprintf("%s costs %s a year for %s and has no usage data: %s.",
			t.Name, money(ctx.Facts.Currency, tf.AnnualCost), redundancyCount(*tf.Seats, "seat", "seats"), why)
		out = append(out, ctx.Finding(rng, msg, result.ToolSubject(t)))
	}
	return out
}

// costScanProblem says why a tool with a scan block has no usable data in
// the snapshot.
func costScanProblem(t *inventory.Tool, u *usage.ToolUsage) string {
	if u == nil {
		return fmt.Sprintf("the snapshot has no entry for it (was the %q scan added after the last scan?)", t.Scan.Kind)
	}
	detail := strings.TrimSpace(u.Error)
	if len(detail) > 200 {
		detail = detail[:200] + "…"
	}
	var s string
	switch u.Status {
	case usage.StatusOK:
		if u.NoActivity {
			return fmt.Sprintf("its %q scan reports %s but the vendor gives no activity dates, so who uses it is unknown", t.Scan.Kind, redundancyCount(u.Seats.Assigned, "seat holder", "seat holders"))
		}
		s = fmt.Sprintf("its %q scan has status %q", t.Scan.Kind, u.Status)
	case usage.StatusError:
		s = fmt.Sprintf("its %q scan failed", t.Scan.Kind)
	case usage.StatusSkipped:
		s = fmt.Sprintf("its %q scan was skipped", t.Scan.Kind)
	default:
		s = fmt.Sprintf("its %q scan has status %q", t.Scan.Kind, u.Status)
	}
	if detail != "" {
		s += " (" + detail + ")"
	}
	return s
}

func checkMissingCost(ctx *Context, _ *Config) []result.Finding {
	var out []result.Finding
	for _, tf := range ctx.Facts.Tools {
		if tf.Status != inventory.StatusActive || tf.HasCost {
			continue
		}
		t := ctx.Inventory.Tool(tf.ID)
		msg := fmt.Sprintf("%s is active and has no cost block, so it is missing from every spend total.", t.Name)
		out = append(out, ctx.Finding(t.DeclRange, msg, result.ToolSubject(t)))
	}
	return out
}

func checkRightSize(ctx *Context, cfg *Config) []result.Finding {
	minSaving := decimal.NewFromFloat(cfg.Number("min_saving"))
	var out []result.Finding
	for _, tf := range ctx.Facts.Tools {
		sv := tf.Saving
		if sv == nil || sv.Kind != result.ActionRightSize || sv.Amount.LessThan(minSaving) {
			continue
		}
		t, pos := ctx.Inventory.Tool(tf.ID), tf.SeatPosition
		rng := t.DeclRange
		if t.Cost != nil {
			rng = t.Cost.AttrRange("seats")
		}
		msg := fmt.Sprintf("%s: %s purchased, %d assigned, %d active in the last 30 days. Right-size to %d (active + a buffer of %d) at %s: "+
			"reclaiming %s saves %s a year.%s",
			t.Name, redundancyCount(pos.Purchased, "seat", "seats"), pos.Assigned, pos.Active, pos.Recommended, pos.Buffer,
			whenText(sv.When), redundancyCount(pos.Reclaimable, "seat", "seats"), money(ctx.Facts.Currency, sv.Amount), usageNote(ctx, tf.ID))
		out = append(out, ctx.Finding(rng, msg, result.ToolSubject(t)))
	}
	return out
}
