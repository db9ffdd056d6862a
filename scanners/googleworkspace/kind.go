package googleworkspace

import (
	"github.com/stackaudit/stackaudit/scanners"
)

// Spec is the "googleworkspace" kind, for scanners/registry's list.
func Spec() scanners.Kind {
	return scanners.Kind{
		Name:       Kind,
		Scanner:    New(),
		Discoverer: NewDiscoverer(),
		// Reports API: 2,400 queries a minute per project, and lower per
		// user; 10 a second is safe.
		Rate: scanners.Rate{Limit: 10, Burst: 10},
		// The licensing API has no activity date.
		Activity: scanners.Never,
		Sandbox:  Simulator,
		Docs:     scanners.Docs{Scan: "licence holders of one product (no activity)", Discovery: "third-party OAuth grants", Finds: scanners.FindsTools},
	}
}
