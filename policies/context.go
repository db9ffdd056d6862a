package policies

import (
	"math"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// Context is what a rule's check sees. Facts are computed before any rule
// runs; rules read them rather than computing costs or overlaps again.
type Context struct {
	Inventory *inventory.Inventory
	// Snapshot is nil when there is no usage data.
	Snapshot *usage.Snapshot
	AsOf     time.Time
	Facts    *result.Facts
	// Findings holds every other rule's findings, for the rules that judge
	// waivers (they run last).
	Findings []result.Finding

	rule *Rule
	cfg  *Config
}

// Finding builds a finding of the rule being checked, at rng, about the
// given subjects.
func (c *Context) Finding(rng hcl.Range, message string, subjects ...result.Subject) result.Finding {
	return result.Finding{
		Rule:        c.rule.ID,
		Severity:    c.cfg.Severity,
		Title:       c.rule.Title,
		Message:     message,
		Subjects:    subjects,
		Location:    result.LocationOf(rng),
		Fingerprint: result.Fingerprint(c.rule.ID, subjects),
	}
}

// DaysUntil is the number of days from the as-of date to t (negative when
// t has passed).
// Times of day are ignored: days are counted between calendar dates.
func (c *Context) DaysUntil(t time.Time) int { return daysUntil(c.AsOf, t) }

// daysUntil is Context.DaysUntil for the facts, which are computed before
// there is a Context: the renewals count days as the rules do.
func daysUntil(asOf, t time.Time) int {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return int(math.Round(day.Sub(asOf).Hours() / 24))
}
