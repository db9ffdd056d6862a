// Package registry lists every scanner and discovery kind, explicitly (no
// init()), in Kinds: adding a kind is its folder plus one line there.
// Everything else that names kinds is derived from that list. It is a
// package of its own because each kind's package imports scanners for Env
// and ToolUsage; scanners therefore cannot import the kinds.
package registry

import (
	"cmp"
	"slices"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/csv"
	"github.com/stackaudit/stackaudit/scanners/entra"
	"github.com/stackaudit/stackaudit/scanners/github"
	"github.com/stackaudit/stackaudit/scanners/googleworkspace"
	"github.com/stackaudit/stackaudit/scanners/httpjson"
	"github.com/stackaudit/stackaudit/scanners/hubspot"
	"github.com/stackaudit/stackaudit/scanners/mailchimp"
	"github.com/stackaudit/stackaudit/scanners/okta"
	"github.com/stackaudit/stackaudit/scanners/salesforce"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/scanners/scim"
	"github.com/stackaudit/stackaudit/scanners/segment"
	"github.com/stackaudit/stackaudit/scanners/slack"
	"github.com/stackaudit/stackaudit/scanners/spend"
)

// Kinds returns every kind of this build, in the order the language and
// the docs list them (SPEC §5): vendors first, generic kinds last.
func Kinds() []scanners.Kind {
	return []scanners.Kind{
		hubspot.Spec(),
		salesforce.Spec(),
		slack.Spec(),
		mailchimp.Spec(),
		segment.Spec(),
		okta.Spec(),
		googleworkspace.Spec(),
		github.Spec(),
		entra.Spec(),
		httpjson.Spec(),
		csv.Spec(),
		scim.Spec(),
		spend.Spec(),
	}
}

// Registry returns a new map of scanner kind to scanner.
func Registry() map[string]scanners.Scanner { return scanners.ScannersOf(Kinds()) }

// Discoverers returns a new map of discovery kind to discoverer.
func Discoverers() map[string]scanners.Discoverer { return scanners.DiscoverersOf(Kinds()) }

// Vendors are the kinds' simulated APIs, for the sandbox.
func Vendors() []sandbox.Vendor {
	var out []sandbox.Vendor
	for _, k := range Kinds() {
		if k.Sandbox != nil {
			out = append(out, k.Sandbox())
		}
	}
	return out
}

// ScanKinds lists the names of the kinds a `scan` block may name.
func ScanKinds() []string {
	var out []string
	for _, k := range Kinds() {
		if k.Scanner != nil {
			out = append(out, k.Name)
		}
	}
	return out
}

// InventoryKinds is the kind table inventory.Load checks scan and discovery
// blocks against (inventory.WithKinds). Discovery kinds are listed by what
// they find (tools, integrations, flows: the order of the snapshot's
// discovered section), then in Kinds order.
func InventoryKinds() inventory.Kinds {
	var out inventory.Kinds
	var discovery []scanners.Kind
	for _, k := range Kinds() {
		if k.Scanner != nil {
			out.Scan = append(out.Scan, spec(k))
		}
		if k.Discoverer != nil {
			discovery = append(discovery, k)
		}
	}
	slices.SortStableFunc(discovery, func(a, b scanners.Kind) int { return cmp.Compare(a.Docs.Finds, b.Docs.Finds) })
	for _, k := range discovery {
		out.Discovery = append(out.Discovery, spec(k))
	}
	return out
}

func spec(k scanners.Kind) inventory.KindSpec {
	s := inventory.KindSpec{Name: k.Name}
	if k.Host != nil {
		s.HostPattern, s.HostExample = k.Host.Pattern, k.Host.Example
	}
	return s
}
