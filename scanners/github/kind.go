package github

import (
	"strings"

	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
)

// Spec is the "github" kind, for scanners/registry's list.
func Spec() scanners.Kind {
	return scanners.Kind{
		Name:       Kind,
		Scanner:    New(),
		Discoverer: NewDiscoverer(),
		// REST: 5,000 requests an hour for a token (code search has its
		// own 10 a minute, which the discoverer enforces itself).
		Rate:     scanners.Rate{Limit: rate.Limit(5000.0 / 3600), Burst: 10},
		Activity: activity,
		Sandbox:  Simulator,
		Raise:    raise,
		Docs:     scanners.Docs{Scan: "org members, or Copilot seats", Discovery: "catalog SDKs and script hosts in code", Finds: scanners.FindsIntegrations, RateNote: "code search 10/min"},
	}
}

// activity: organization members have no activity date; Copilot seats do.
func activity(scan *inventory.Scan) bool {
	return strings.Contains(scanners.StringSetting(scan.Body, "seats"), "copilot")
}

// raise keeps code search's own limit of 10 a minute from making a run
// against the simulator wait minutes.
func raise(limit rate.Limit) scanners.Kind {
	k := Spec()
	k.Discoverer = &Discoverer{SearchLimit: limit}
	return k
}
