package segment

import (
	"github.com/stackaudit/stackaudit/scanners"
)

// Spec is the "segment" kind, for scanners/registry's list.
func Spec() scanners.Kind {
	return scanners.Kind{
		Name:       Kind,
		Scanner:    New(),
		Discoverer: NewDiscoverer(),
		// Public API: documented in points per second per workspace; 10
		// calls a second stays inside the smallest allowance.
		Rate: scanners.Rate{Limit: 10, Burst: 10},
		// Workspace users have no activity date.
		Activity: scanners.Never,
		Sandbox:  Simulator,
		Docs:     scanners.Docs{Scan: "workspace users (no activity)", Discovery: "source → destination flows", Finds: scanners.FindsFlows},
	}
}
