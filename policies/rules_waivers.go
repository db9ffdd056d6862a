package policies

import (
	"fmt"
	"strings"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// waiverRules judge the waivers themselves. They run after every other rule
// and custom policy, once waivers are applied (ctx.Findings).
func waiverRules() []*Rule {
	return []*Rule{
		{
			ID:              "expired-waiver",
			Title:           "A waiver has expired and no longer applies",
			Family:          "waivers",
			DefaultSeverity: result.Medium,
			What: `Fires for every ` + "`waiver`" + ` whose ` + "`expires`" + ` date is before the audit date (` + "`--as-of`" + `).
A waiver applies up to and including its expiry date, so one that expires today is still valid. The
finding says how many findings the waiver would still cover: those now count again.`,
			Why: `Waivers are accepted risks with a deadline. Once the deadline passes, the findings it covered count
towards ` + "`--fail-on`" + ` again and the pipeline may fail for a reason the team thought was settled;
an expired waiver left in place also suggests nobody followed up on the exception.`,
			Fix: `If the problem is fixed, delete the waiver. If the exception is still needed, have it approved again
and move ` + "`expires`" + ` to a new date, updating ` + "`reason`" + ` and ` + "`approved_by`" + `. Never extend a waiver
without a new approval: the history of the file is your audit trail.`,
			Example: `waiver "wistia-renewal" {
  rule        = "contract-lapsed"
  subjects    = [tool.wistia]
  reason      = "Renewal being negotiated"
  approved_by = "dana@acme.example"
  expires     = "2026-09-30"
}`,
			Check:        checkExpiredWaiver,
			afterWaivers: true,
		},
		{
			ID:              "unused-waiver",
			Title:           "A waiver matches no finding",
			Family:          "waivers",
			DefaultSeverity: result.Low,
			What: `Fires for every waiver that has not expired and covers no finding of its rule: no finding of that
rule has all of the waiver's ` + "`subjects`" + ` among its own. Expired waivers are reported by
` + "`expired-waiver`" + ` instead. Waivers for rules that need usage or discovery data are not judged
when there is no snapshot, since their rule did not run.`,
			Why: `A waiver that covers nothing is dead configuration: the problem was fixed, the subject was renamed,
or the waiver names the wrong rule or subject. Left in place, it will silently waive a future finding
nobody has reviewed.`,
			Fix: `If the problem it waived is gone, delete the waiver. If it should still apply, check its ` + "`rule`" + `
and ` + "`subjects`" + ` against the finding (` + "`stackaudit check --format json`" + ` lists each finding's
rule and subjects): every subject the waiver names must be among the finding's subjects.`,
			Example: `waiver "semrush-owner" {
  rule        = "tool-without-owner"
  subjects    = [tool.semrush]
  reason      = "Owner being hired"
  approved_by = "cmo@acme.example"
  expires     = "2027-03-31"
}

tool "semrush" {
  category = "seo"
  owner    = team.content
}

team "content" {
  lead = "ben@acme.example"
}`,
			Check:        checkUnusedWaiver,
			afterWaivers: true,
		},
	}
}

func checkExpiredWaiver(ctx *Context, _ *Config) []result.Finding {
	var out []result.Finding
	for _, w := range ctx.Inventory.Waivers {
		if !waiverExpired(w, ctx.AsOf) {
			continue
		}
		// The findings it would cover had it not expired: covered on its
		// last valid day.
		n := 0
		for i := range ctx.Findings {
			if waiverCovers(w, &ctx.Findings[i], w.Expires) {
				n++
			}
		}
		days := -ctx.DaysUntil(w.Expires)
		msg := fmt.Sprintf("The waiver %s for rule %s expired on %s (%s ago) and no longer applies",
			w.ID, w.Rule, w.Expires.Format("2006-01-02"), waiverDays(days))
		switch n {
		case 0:
			msg += "; it would cover no current finding."
		case 1:
			msg += "; the 1 finding it covered counts again."
		default:
			msg += fmt.Sprintf("; the %d findings it covered count again.", n)
		}
		out = append(out, ctx.Finding(w.AttrRange("expires"), msg, result.WaiverSubject(w)))
	}
	return out
}

func waiverDays(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

func checkUnusedWaiver(ctx *Context, _ *Config) []result.Finding {
	builtin := map[string]*Rule{}
	for _, r := range Builtins() {
		builtin[r.ID] = r
	}
	var out []result.Finding
	for _, w := range ctx.Inventory.Waivers {
		if waiverExpired(w, ctx.AsOf) {
			continue // expired-waiver reports it
		}
		if r := builtin[w.Rule]; r != nil && (r.afterWaivers || r.NeedsSnapshot && ctx.Snapshot == nil) {
			// The rule has not run (no snapshot), or runs with this one:
			// whether the waiver is used cannot be told.
			continue
		}
		var ofRule []*result.Finding
		used := false
		for i := range ctx.Findings {
			f := &ctx.Findings[i]
			if f.Rule != w.Rule {
				continue
			}
			ofRule = append(ofRule, f)
			// A waiver matching a finding that an earlier waiver already
			// covers is used as well: it matches.
			used = used || f.Waiver != nil && f.Waiver.ID == w.ID || waiverCovers(w, f, ctx.AsOf)
		}
		if used {
			continue
		}
		msg := fmt.Sprintf("The waiver %s matches no finding: %s.", w.ID, waiverUnusedReason(ctx, w, ofRule))
		out = append(out, ctx.Finding(w.DeclRange, msg, result.WaiverSubject(w)))
	}
	return out
}

// waiverUnusedReason explains why a waiver covers nothing.
func waiverUnusedReason(ctx *Context, w *inventory.Waiver, ofRule []*result.Finding) string {
	for _, b := range ctx.Inventory.Rules {
		if b.ID == w.Rule && b.Enabled != nil && !*b.Enabled {
			return fmt.Sprintf("the rule %s is disabled by its rule block", w.Rule)
		}
	}
	if len(ofRule) == 0 {
		return fmt.Sprintf("the rule %s reports nothing", w.Rule)
	}
	var missing []string
	for _, ws := range w.Subjects {
		found := false
		for _, f := range ofRule {
			for _, fs := range f.Subjects {
				found = found || fs.Kind == ws.Kind && fs.ID == ws.ID
			}
		}
		if !found {
			missing = append(missing, ws.String())
		}
	}
	what := "findings"
	if len(ofRule) == 1 {
		what = "finding"
	}
	if len(missing) > 0 {
		return fmt.Sprintf("the rule %s reports %d %s, none about %s", w.Rule, len(ofRule), what, strings.Join(missing, " or "))
	}
	var names []string
	for _, ws := range w.Subjects {
		names = append(names, ws.String())
	}
	return fmt.Sprintf("the rule %s reports %d %s, none about all of %s together", w.Rule, len(ofRule), what, strings.Join(names, ", "))
}
