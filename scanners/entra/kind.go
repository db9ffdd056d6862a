package entra

import (
	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/scanners"
)

// Spec is the "entra_id" kind, for scanners/registry's list.
func Spec() scanners.Kind {
	return scanners.Kind{
		Name:       Kind,
		Scanner:    New(),
		Discoverer: NewDiscoverer(),
		// Graph's tightest limit on these calls is that of the identity
		// and access reports (auditLogs/signIns): 5 requests per 10
		// seconds per app and tenant. The directory calls allow far
		// more, but one limit for the kind keeps every call inside it.
		Rate:     scanners.Rate{Limit: rate.Limit(0.5), Burst: 5},
		Activity: scanners.Always,
		Sandbox:  Simulator,
		Docs: scanners.Docs{
			Scan:      "one enterprise app's assigned users, last sign-in to the app (`auditLogs/signIns`, P1)",
			Discovery: "enterprise apps with their assigned users, and delegated consent grants with their scopes",
			Finds:     scanners.FindsTools,
		},
	}
}
