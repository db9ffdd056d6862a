package policies

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// contractRules watch contract dates: notice deadlines coming up, and
// contracts that ended while the tool is still in use.
func contractRules() []*Rule {
	return []*Rule{
		{
			ID:              "renewal-notice-due",
			Title:           "An auto-renewing contract's notice deadline is near",
			Family:          "contracts",
			DefaultSeverity: result.Medium,
			What: "Fires for a tool that is not `retired` whose contract has `auto_renew = true` and a notice deadline " +
				"(`end` − `notice_days`; `end` itself when `notice_days` is absent) between the audit date and " +
				"`medium_within` days after it (or `high_within`, if larger), both included. A deadline at most `high_within` days away (default " +
				"30, including today) is **high**; a later one (up to `medium_within`, default 90) is **medium**. " +
				"A `severity` set in the rule block replaces the medium tier; the high tier is then that severity or " +
				"high, whichever is more severe. Deadlines already passed do not fire: the contract has renewed (see " +
				"the `Renewals` sheet).",
			Why: "An auto-renewing contract renews at the old terms, for a full term, unless someone gives notice before " +
				"the deadline. Missing it locks in seats nobody uses or a tool that should have been consolidated " +
				"for another year, and removes the leverage to renegotiate price.",
			Fix: "Before the deadline, decide with the owner whether to renew, renegotiate (seat count, tier, price) or " +
				"cancel, and give written notice if not renewing. Once the new term is signed, update `contract.end`, " +
				"`auto_renew` and `notice_days` so the next deadline is tracked.",
			Example: `tool "outreach" {
  category = "sales-automation"
  contract {
    end         = "2027-02-01" # notice deadline 2026-12-03
    auto_renew  = true
    notice_days = 60
  }
}`,
			Params: []Param{
				{Name: "high_within", Type: cty.Number, Default: num(30),
					Description: "Days from the audit date within which a notice deadline is high severity (0 is today).", Integer: true, Max: 3650},
				{Name: "medium_within", Type: cty.Number, Default: num(90),
					Description: "Days from the audit date within which a notice deadline fires at all, at the rule's severity (medium unless configured).", Integer: true, Max: 3650},
			},
			Check: checkRenewalNoticeDue,
		},
		{
			ID:              "renewal-notice-missed",
			Title:           "An auto-renewing contract's notice deadline has passed",
			Family:          "contracts",
			DefaultSeverity: result.High,
			What: "Fires for a tool that is not `retired` whose contract has `auto_renew = true` when the notice " +
				"deadline (`end` − `notice_days`) is before the audit date and the `end` is not. It stays until the " +
				"end passes (then `contract-lapsed` takes over for a tool still active), and the contract counts among " +
				"the Summary's renewals to decide.",
			Why: "Once the notice deadline has passed, the contract renews at the old terms unless the vendor agrees " +
				"otherwise. That is still worth a conversation: vendors often accept a late reduction of seats or a " +
				"shorter term to keep the customer, but only if someone asks before the renewal date.",
			Fix: "Ask the vendor now for the changes you need (fewer seats, a lower tier, co-terming), or accept the " +
				"renewal; then record the new term's `end`, `auto_renew` and `notice_days` so the next deadline is " +
				"tracked. Set `notice_days` earlier in the calendar of whoever decides.",
			Example: `tool "outreach" {
  category = "sales-automation"
  contract {
    end         = "2026-12-01" # audit on 2026-11-20: notice was due 2026-10-02
    auto_renew  = true
    notice_days = 60
  }
}`,
			Check: checkRenewalNoticeMissed,
		},
		{
			ID:              "contract-lapsed",
			Title:           "A contract has ended but the tool is still in use",
			Family:          "contracts",
			DefaultSeverity: result.Medium,
			What: "Fires for a tool with status `active` or `trial` whose `contract.end` is before the audit date. A " +
				"contract ending on the audit date itself has not lapsed yet.",
			Why: "After the contract ends, the vendor usually bills month to month at list price, the negotiated terms " +
				"and the DPA may no longer apply, and the tool can be switched off at the vendor's discretion. For an " +
				"auto-renewing contract, a past end date means the inventory is out of date: the contract renewed and " +
				"its new end date is unknown, so its next notice deadline is not tracked.",
			Fix: "Renew the contract (and update `contract.end`, `start` and `notice_days`), or, if the tool is no " +
				"longer needed, cancel the month-to-month billing and set `status = \"retired\"`. For an auto-renewing " +
				"contract, copy the new term's end date from the renewal invoice.",
			Example: `tool "wistia" {
  category = "video-marketing"
  status   = "active"
  contract {
    end        = "2026-06-30"
    auto_renew = false
  }
}`,
			Check: checkContractLapsed,
		},
	}
}

func checkRenewalNoticeDue(ctx *Context, cfg *Config) []result.Finding {
	highWithin, mediumWithin := cfg.Int("high_within"), cfg.Int("medium_within")
	window := max(highWithin, mediumWithin)
	high := cfg.Severity
	if !high.AtLeast(result.High) {
		high = result.High
	}
	var out []result.Finding
	for _, r := range ctx.Facts.Renewals { // sorted by notice deadline
		if !r.AutoRenew || r.End.Before(ctx.AsOf) || r.NoticeDeadline.Before(ctx.AsOf) {
			continue
		}
		days := ctx.DaysUntil(r.NoticeDeadline)
		if days > window {
			continue
		}
		t := ctx.Inventory.Tool(r.Tool)
		when := fmt.Sprintf("in %s", redundancyCount(days, "day", "days"))
		if days == 0 {
			when = "today"
		}
		notice := fmt.Sprintf("%d days' notice", r.NoticeDays)
		switch r.NoticeDays {
		case 0:
			notice = "no notice period declared"
		case 1:
			notice = "1 day's notice"
		}
		msg := fmt.Sprintf("%s renews automatically on %s unless notice is given by %s (%s; %s).",
			t.Name, r.End.Format("2006-01-02"), r.NoticeDeadline.Format("2006-01-02"), when, notice)
		if r.AnnualCost.IsPositive() {
			msg += fmt.Sprintf(" It costs %s a year.", money(ctx.Facts.Currency, r.AnnualCost))
		}
		f := ctx.Finding(t.Contract.AttrRange("end"), msg, result.ToolSubject(t))
		if days <= highWithin {
			f.Severity = high
		}
		out = append(out, f)
	}
	return out
}

func checkContractLapsed(ctx *Context, _ *Config) []result.Finding {
	var out []result.Finding
	for _, tf := range ctx.Facts.Tools {
		if tf.Status != inventory.StatusActive && tf.Status != inventory.StatusTrial {
			continue
		}
		if tf.ContractEnd == nil || !tf.ContractEnd.Before(ctx.AsOf) {
			continue
		}
		t := ctx.Inventory.Tool(tf.ID)
		state := "active"
		if tf.Status == inventory.StatusTrial {
			state = "on trial"
		}
		msg := fmt.Sprintf("%s's contract ended on %s (%s ago) and the tool is still %s.",
			t.Name, tf.ContractEnd.Format("2006-01-02"), redundancyCount(-ctx.DaysUntil(*tf.ContractEnd), "day", "days"), state)
		if tf.AutoRenew {
			msg += " The contract auto-renews, so it has probably renewed: record the new end date."
		}
		out = append(out, ctx.Finding(t.Contract.AttrRange("end"), msg, result.ToolSubject(t)))
	}
	return out
}

func checkRenewalNoticeMissed(ctx *Context, _ *Config) []result.Finding {
	var out []result.Finding
	for _, r := range ctx.Facts.Renewals {
		if r.State != "notice-missed" {
			continue
		}
		t := ctx.Inventory.Tool(r.Tool)
		msg := fmt.Sprintf("%s renews automatically on %s (in %s); notice was due %s (%s ago): negotiate or accept.",
			t.Name, r.End.Format("2006-01-02"), redundancyCount(ctx.DaysUntil(r.End), "day", "days"),
			r.NoticeDeadline.Format("2006-01-02"), redundancyCount(-ctx.DaysUntil(r.NoticeDeadline), "day", "days"))
		if r.AnnualCost.IsPositive() {
			msg += fmt.Sprintf(" It costs %s a year.", money(ctx.Facts.Currency, r.AnnualCost))
		}
		out = append(out, ctx.Finding(t.Contract.AttrRange("end"), msg, result.ToolSubject(t)))
	}
	return out
}
