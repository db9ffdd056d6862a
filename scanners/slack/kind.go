package slack

import (
	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/scanners"
)

// Spec is the "slack" kind, for scanners/registry's list.
func Spec() scanners.Kind {
	return scanners.Kind{
		Name:    Kind,
		Scanner: New(),
		// users.list, team.billableInfo and team.accessLogs are Tier 2:
		// about 20 requests a minute, with short bursts allowed.
		Rate:     scanners.Rate{Limit: rate.Limit(20.0 / 60), Burst: 5},
		Activity: scanners.Always,
		Sandbox:  Simulator,
		Docs:     scanners.Docs{Scan: "members, billable status, access logs"},
	}
}
