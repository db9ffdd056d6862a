package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/usage"
)

// usageProvenance is the line check and audit print about the usage data
// they judged: which snapshot, how old it is at the as-of date, and what
// in it was carried forward from an earlier scan, with when that was
// measured. A gate that passes on old data should say so.
func usageProvenance(dir string, snap *usage.Snapshot, asOf time.Time) string {
	if snap == nil && isFile(dir) {
		return "usage: no snapshot (one file gets usage data only from --snapshot): the rules that need usage or discovery data did not run"
	}
	if snap == nil {
		return fmt.Sprintf("usage: no snapshot (none in %s): the rules that need usage or discovery data did not run; `stackaudit scan %s` measures it",
			usage.SnapshotDir(dir), dir)
	}
	name := snap.Path
	if name == "" {
		name = "snapshot"
	}
	line := fmt.Sprintf("usage: %s (taken %s, %s)", name, snap.TakenAt.Format("2006-01-02"), age(snap.TakenAt, asOf))
	if snap.Simulated {
		// Simulated usage must never pass for measured usage.
		line = fmt.Sprintf("usage: SIMULATED (sandbox), not measured from vendors: %s (taken %s, %s)", name, snap.TakenAt.Format("2006-01-02"), age(snap.TakenAt, asOf))
	}
	if stale := snap.Stale(); len(stale) > 0 {
		parts := make([]string, len(stale))
		for i, c := range stale {
			parts[i] = fmt.Sprintf("%s (measured %s)", c.ID, c.MeasuredAt.Format("2006-01-02"))
		}
		line += "; carried forward: " + strings.Join(parts, ", ")
	}
	return line
}

// otherOrganization says when snap was taken for another organization than
// inv's (both named), or "".
func otherOrganization(snap *usage.Snapshot, inv *inventory.Inventory) string {
	if snap == nil || snap.Organization == "" || inv.Organization.Name == "" || snap.Organization == inv.Organization.Name {
		return ""
	}
	return fmt.Sprintf("the snapshot %s was taken for the organization %q, and this inventory is %q", snap.Path, snap.Organization, inv.Organization.Name)
}

// age says how long before the as-of date t was, in days.
func age(t, asOf time.Time) string {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	days := int(asOf.Sub(day).Hours() / 24)
	switch {
	case days == 0:
		return "on --as-of"
	case days < 0:
		return fmt.Sprintf("%s AFTER --as-of: the usage is newer than the audit date", plural.Count(-days, "day", "days"))
	default:
		return fmt.Sprintf("%s before --as-of", plural.Count(days, "day", "days"))
	}
}
