package mailchimp

import (
	"regexp"

	"github.com/stackaudit/stackaudit/scanners"
)

// Spec is the "mailchimp" kind, for scanners/registry's list.
func Spec() scanners.Kind {
	return scanners.Kind{
		Name:    Kind,
		Scanner: New(),
		Host: &scanners.Host{
			Pattern: regexp.MustCompile(`^[a-z]{2}[0-9]{1,3}\.api\.mailchimp\.com$`),
			Example: "us6.api.mailchimp.com",
			// The key's suffix (…-us6) names the data centre.
			Optional: true,
		},
		// About 10 simultaneous connections per user, 429 beyond.
		Rate:     scanners.Rate{Limit: 10, Burst: 10},
		Activity: scanners.Always,
		Sandbox:  Simulator,
		Docs:     scanners.Docs{Scan: "contacts (total_subscribers), the billed metric"},
	}
}
