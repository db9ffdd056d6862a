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
		// Licence holders' last sign-in comes from the Directory API's
		// lastLoginTime.
		Activity: scanners.Always,
		Sandbox:  Simulator,
		Docs: scanners.Docs{Scan: "licence holders of one product, last sign-in to Google (`lastLoginTime`)",
			Discovery: "third-party OAuth apps granted now (`users.tokens.list`) or in the token audit log", Finds: scanners.FindsTools},
	}
}
