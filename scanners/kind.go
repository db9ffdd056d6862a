package scanners

import (
	"fmt"
	"regexp"

	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/internal/digits"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// Kind is everything stackaudit knows about one scan or discovery kind. Each
// kind declares its own in its folder (scanners/KIND/kind.go), and
// scanners/registry lists them in one explicit list: the kind names the
// inventory accepts, the host patterns, the rate limits, the activity rules,
// the simulator's vendors, docs/scanners.md's table and the fuzz targets are
// all derived from that list, and a registry test fails when a kind lacks a
// part.
type Kind struct {
	// Name is the label of the `scan "NAME"` and `discovery "NAME"`
	// blocks.
	Name string
	// Scanner measures a tool's seats (nil: the kind has no scan block).
	Scanner Scanner
	// Discoverer looks across the organization (nil: no discovery block).
	Discoverer Discoverer
	// Host is the vendor's per-customer API host, when its API has no
	// fixed address (nil: a block of the kind takes no host).
	Host *Host
	// Rate is the vendor's documented rate limit, shared by every tool
	// and the discovery block of the kind in one run. A kind that makes
	// no call (csv) still has one, unused.
	Rate Rate
	// Activity reports whether a scan block's scanner reports per-user
	// activity dates. Without them an empty activity is unknown, not
	// inactivity: the tool is marked no_activity. Required with Scanner.
	Activity func(scan *inventory.Scan) bool
	// CredentialEnv lists the environment variables besides token_env
	// that a scan block names and its scanner may read (the http kind's
	// headers); nil when there are none. Only these and token_env are
	// visible to the scanner, and their values are redacted from errors.
	CredentialEnv func(scan *inventory.Scan) []string
	// Offline kinds read a local file and call no API: they have no
	// simulator, and their Rate is unused.
	Offline bool
	// Generic kinds read any API or file, not one vendor's: no catalog
	// product names them.
	Generic bool
	// Sandbox is the kind's simulated API (scanners/KIND/sandbox.go),
	// served by `--sandbox`; nil only for a kind that calls no API.
	Sandbox func() sandbox.Vendor
	// Raise returns the kind with the limits it keeps of its own, besides
	// Rate, raised to limit: for runs against the loopback simulator.
	// Nil when it keeps none.
	Raise func(limit rate.Limit) Kind
	// Docs describes the kind in docs/scanners.md's table.
	Docs Docs
}

// Host is the pattern of a vendor's per-customer API host. A host outside
// it is refused when the inventory is loaded, so that a pull request cannot
// make a scan send its token elsewhere.
type Host struct {
	Pattern *regexp.Regexp
	// Example is a host that matches, for the error message.
	Example string
	// Optional is true when the scanner can find the host without it
	// (docs only: the scanner reports a missing host when it runs).
	Optional bool
}

// Rate is a rate limit: requests a second and burst.
type Rate struct {
	Limit rate.Limit
	Burst int
}

// String is the limit as docs/scanners.md writes it: per second, minute or
// hour, whichever gives a whole number.
func (r Rate) String() string {
	per := float64(r.Limit)
	for _, u := range []struct {
		name    string
		seconds float64
	}{{"s", 1}, {"min", 60}, {"h", 3600}} {
		n := per * u.seconds
		if n >= 1 && abs(n-float64(int64(n+0.5))) < 1e-6 {
			return fmt.Sprintf("%s/%s, burst %d", digits.Int(int64(n+0.5)), u.name, r.Burst)
		}
	}
	return fmt.Sprintf("%.3g/s, burst %d", per, r.Burst)
}

func abs(x float64) float64 { return max(x, -x) }

// Docs is what docs/scanners.md's table says about a kind.
type Docs struct {
	// Scan is what a scan block measures; Discovery what a discovery
	// block finds ("" when the kind has none).
	Scan, Discovery string
	// Finds is what the discovery block reports: FindsTools,
	// FindsIntegrations or FindsFlows. The language lists discovery
	// kinds in this order, that of the snapshot's discovered section.
	Finds Finding
	// RateNote follows the rate limit in the table: another limit the
	// kind keeps.
	RateNote string
}

// Finding is what a discovery kind reports.
type Finding int

// What a discovery kind reports, in the order of the snapshot's
// discovered section.
const (
	FindsNothing Finding = iota
	FindsTools
	FindsIntegrations
	FindsFlows
)

// RateLimit is the table's text for the kind's rate limit.
func (k Kind) RateLimit() string {
	if k.Offline {
		return "no calls"
	}
	s := k.Rate.String()
	if k.Docs.RateNote != "" {
		s += "; " + k.Docs.RateNote
	}
	return s
}

// defaultRate is the limit of a kind Run does not know (a test's fake).
func defaultRate() Rate { return Rate{Limit: 5, Burst: 5} }

// noActivity reports whether kind's scan of this block gives no activity
// dates.
func (k Kind) noActivity(scan *inventory.Scan) bool {
	return k.Activity != nil && !k.Activity(scan)
}

// Always is the Activity rule of a kind whose scanner always reports
// per-user activity dates.
func Always(*inventory.Scan) bool { return true }

// Never is the Activity rule of a kind whose API has no per-user activity
// date.
func Never(*inventory.Scan) bool { return false }

// ScannersOf indexes the kinds' scanners by kind name.
func ScannersOf(kinds []Kind) map[string]Scanner {
	return indexKinds(kinds, func(k Kind) (Scanner, bool) { return k.Scanner, k.Scanner != nil })
}

// DiscoverersOf indexes the kinds' discoverers by kind name.
func DiscoverersOf(kinds []Kind) map[string]Discoverer {
	return indexKinds(kinds, func(k Kind) (Discoverer, bool) { return k.Discoverer, k.Discoverer != nil })
}

// indexKinds indexes the part of each kind that has one by the kind's name.
func indexKinds[T any](kinds []Kind, part func(Kind) (T, bool)) map[string]T {
	out := map[string]T{}
	for _, k := range kinds {
		if v, ok := part(k); ok {
			out[k.Name] = v
		}
	}
	return out
}
