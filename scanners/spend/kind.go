package spend

import (
	"github.com/stackaudit/stackaudit/scanners"
)

// Spec is the "spend" kind, for scanners/registry's list.
func Spec() scanners.Kind {
	return scanners.Kind{
		Name:       Kind,
		Discoverer: NewDiscoverer(),
		// Unused: the kind reads files.
		Rate:    scanners.Rate{Limit: 5, Burst: 5},
		Offline: true,
		Generic: true,
		Docs: scanners.Docs{
			Discovery: "recurring software charges in card, expense and AP exports (CSV), matched to the catalog",
			Finds:     scanners.FindsTools,
		},
	}
}
