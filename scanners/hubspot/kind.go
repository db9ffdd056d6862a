package hubspot

import (
	"github.com/stackaudit/stackaudit/scanners"
)

// Spec is the "hubspot" kind, for scanners/registry's list.
func Spec() scanners.Kind {
	return scanners.Kind{
		Name:    Kind,
		Scanner: New(),
		// Private apps: 100 requests per 10 seconds (Free/Starter).
		Rate:     scanners.Rate{Limit: 10, Burst: 10},
		Activity: scanners.Always,
		Sandbox:  Simulator,
		Docs:     scanners.Docs{Scan: "users, last login"},
	}
}
