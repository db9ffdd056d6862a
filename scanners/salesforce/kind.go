package salesforce

import (
	"regexp"

	"github.com/stackaudit/stackaudit/scanners"
)

// Spec is the "salesforce" kind, for scanners/registry's list.
func Spec() scanners.Kind {
	return scanners.Kind{
		Name:    Kind,
		Scanner: New(),
		Host: &scanners.Host{
			Pattern: regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9-]+)*\.my\.salesforce\.com$`),
			Example: "acme.my.salesforce.com",
		},
		// A daily org allowance (100,000 calls and up, Sforce-Limit-Info)
		// and 25 concurrent long requests: a few calls a second stays far
		// inside both.
		Rate:     scanners.Rate{Limit: 5, Burst: 5},
		Activity: scanners.Always,
		Sandbox:  Simulator,
		Docs:     scanners.Docs{Scan: "active standard users, licences, `LastLoginDate`"},
	}
}
