package policies

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// usageRules judge the usage data itself: how old it is.
func usageRules() []*Rule {
	return []*Rule{
		{
			ID:              "stale-usage",
			Title:           "A tool's usage data is old or carried forward from an earlier scan",
			Family:          "usage",
			DefaultSeverity: result.Low,
			NeedsSnapshot:   true,
			What: "Fires for a tool (not `retired`) with usage data in the snapshot when that usage was measured more than " +
				"`max_age_days` (default 45) days before the audit date (`--as-of`), or when it was carried forward from an " +
				"earlier scan: `stackaudit scan` keeps a tool's last measured usage, with the date it was measured, when " +
				"its scan is skipped (token variable unset) or fails. The message gives the date, the age and why the tool " +
				"was not measured again. Discovery sources carried forward are named by `check` and `audit` on stderr.",
			Why: "`low-utilization`, `inactive-tool` and the shared users of `redundant-capability` judge seats " +
				"by the activity a scan measured. Old data judges last quarter's stack: people who left still count as " +
				"active, new seats look unused. Carried-forward data usually means a token expired or a vendor API broke, " +
				"and nobody noticed because the gate still passed.",
			Fix: "Run `stackaudit scan DIR` with the token variables the scan blocks name (`token_env`) set; the scan " +
				"summary says which were unset or failed. Schedule the scan (weekly) so the snapshot stays younger than " +
				"`max_age_days`. For a tool measured by hand (the `csv` scanner), refresh the export. If older data is " +
				"acceptable for a tool, raise `max_age_days` or add a waiver.",
			Example: `tool "hubspot" {
  category = "marketing-automation"
  scan "hubspot" {
    token_env = "HUBSPOT_TOKEN" # unset in the last scan: its usage is from an earlier one
  }
}`,
			Params: []Param{
				{Name: "max_age_days", Type: cty.Number, Default: num(45), Min: 1,
					Description: "Usage measured more than this many days before the audit date is stale.", Integer: true},
			},
			Check: checkStaleUsage,
		},
	}
}

func checkStaleUsage(ctx *Context, cfg *Config) []result.Finding {
	snap := ctx.Snapshot
	maxAge := int(cfg.Number("max_age_days"))
	var out []result.Finding
	for _, id := range slices.Sorted(maps.Keys(snap.Tools)) {
		u := snap.Tools[id]
		t := ctx.Inventory.Tool(id)
		if t == nil || !u.Measured() || t.Status == inventory.StatusRetired {
			continue
		}
		at := snap.MeasuredAt(u)
		days := -ctx.DaysUntil(at)
		if u.Carried == "" && days <= maxAge {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s: its usage was measured %s, %s before the audit date", t.Name, at.Format("2006-01-02"), redundancyCount(days, "day", "days"))
		if days > maxAge {
			fmt.Fprintf(&b, " (more than %d)", maxAge)
		}
		if u.Carried != "" {
			fmt.Fprintf(&b, ", and carried forward because the last scan did not measure it (%s)", u.Carried)
		}
		b.WriteString(". Findings about its seats and activity rely on that data.")
		rng := t.DeclRange
		if t.Scan != nil {
			rng = t.Scan.DeclRange
		}
		out = append(out, ctx.Finding(rng, b.String(), result.ToolSubject(t)))
	}
	return out
}

// usageNote is the sentence appended to findings that judge a tool's
// usage, so that a reader knows how old the numbers are: " Usage measured
// 2026-11-20.", or with the oldest date and "(carried forward from an
// earlier scan)" when any of the tools' usage was kept from an earlier scan.
func usageNote(ctx *Context, ids ...string) string {
	if ctx.Snapshot == nil {
		return ""
	}
	var oldest *time.Time
	carried := false
	for _, id := range ids {
		u := ctx.Snapshot.Tools[id]
		if !u.Measured() {
			continue
		}
		at := ctx.Snapshot.MeasuredAt(u)
		if tf := ctx.Facts.Tool(id); tf != nil && tf.UsageMeasuredAt != nil {
			at, carried = *tf.UsageMeasuredAt, true
		}
		if oldest == nil || at.Before(*oldest) {
			oldest = &at
		}
	}
	if oldest == nil {
		return ""
	}
	var notes []string
	if carried {
		notes = append(notes, "carried forward from an earlier scan")
	}
	// What the numbers count, where it is not paid seats and activity in
	// the tool (Okta's account-wide lastLogin, HubSpot users).
	for _, id := range ids {
		tf := ctx.Facts.Tool(id)
		if b := tf.UsageBasis(); b != "" && len(ids) == 1 {
			notes = append(notes, b)
		} else if b != "" {
			notes = append(notes, tf.Name+": "+b)
		}
	}
	if len(notes) == 0 {
		return fmt.Sprintf(" Usage measured %s.", oldest.Format("2006-01-02"))
	}
	return fmt.Sprintf(" Usage measured %s (%s).", oldest.Format("2006-01-02"), strings.Join(notes, "; "))
}
