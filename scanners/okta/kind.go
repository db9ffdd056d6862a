package okta

import (
	"regexp"

	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/scanners"
)

// Spec is the "okta" kind, for scanners/registry's list.
func Spec() scanners.Kind {
	return scanners.Kind{
		Name:       Kind,
		Scanner:    New(),
		Discoverer: NewDiscoverer(),
		Host: &scanners.Host{
			Pattern: regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?\.(okta|oktapreview|okta-emea)\.com$`),
			Example: "acme.okta.com",
		},
		// /api/v1/apps and /api/v1/users: 100 to 600 requests a minute
		// depending on the org; the default org limit of 100 a minute.
		Rate:     scanners.Rate{Limit: rate.Limit(100.0 / 60), Burst: 10},
		Activity: scanners.Always,
		Sandbox:  Simulator,
		Docs:     scanners.Docs{Scan: "one app's assigned users, last SSO to the app (System Log)", Discovery: "every app, with its user count", Finds: scanners.FindsTools},
	}
}
