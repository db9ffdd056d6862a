package scim

import (
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
)

// Spec is the "scim" kind, for scanners/registry's list.
func Spec() scanners.Kind {
	return scanners.Kind{
		Name:    Kind,
		Scanner: New(),
		// Providers document their own limits (Slack's SCIM API allows
		// tens of calls a minute); a generic kind gets a conservative 2 a
		// second, and honours every 429's Retry-After.
		Rate:     scanners.Rate{Limit: 2, Burst: 2},
		Activity: optionalActivity,
		Sandbox:  Simulator,
		Generic:  true,
		Docs:     scanners.Docs{Scan: "active users of any SCIM 2.0 `/Users`; `meta.lastModified` or a vendor attribute as activity"},
	}
}

// optionalActivity is the kind's activity rule: SCIM attributes are
// optional, so a scan whose users carry no activity date measured seats
// only (no_activity), rather than finding every user inactive.
func optionalActivity(*inventory.Scan) bool { return false }
