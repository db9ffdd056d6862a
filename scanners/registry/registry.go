// Package registry lists every scanner and discoverer kind, explicitly (no
// init()). It is a package of its own because each kind's package imports
// scanners for Env and ToolUsage; scanners therefore cannot import the
// kinds.
package registry

import (
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/csv"
	"github.com/stackaudit/stackaudit/scanners/github"
	"github.com/stackaudit/stackaudit/scanners/googleworkspace"
	"github.com/stackaudit/stackaudit/scanners/httpjson"
	"github.com/stackaudit/stackaudit/scanners/hubspot"
	"github.com/stackaudit/stackaudit/scanners/mailchimp"
	"github.com/stackaudit/stackaudit/scanners/okta"
	"github.com/stackaudit/stackaudit/scanners/salesforce"
	"github.com/stackaudit/stackaudit/scanners/segment"
	"github.com/stackaudit/stackaudit/scanners/slack"
)

// Registry returns a new map of scanner kind to scanner.
func Registry() map[string]scanners.Scanner {
	return map[string]scanners.Scanner{
		csv.Kind:             csv.New(),
		github.Kind:          github.New(),
		googleworkspace.Kind: googleworkspace.New(),
		httpjson.Kind:        httpjson.New(),
		hubspot.Kind:         hubspot.New(),
		mailchimp.Kind:       mailchimp.New(),
		okta.Kind:            okta.New(),
		salesforce.Kind:      salesforce.New(),
		segment.Kind:         segment.New(),
		slack.Kind:           slack.New(),
	}
}

// Discoverers returns a new map of discovery kind to discoverer.
func Discoverers() map[string]scanners.Discoverer {
	return map[string]scanners.Discoverer{
		github.Kind:          github.NewDiscoverer(),
		googleworkspace.Kind: googleworkspace.NewDiscoverer(),
		okta.Kind:            okta.NewDiscoverer(),
		segment.Kind:         segment.NewDiscoverer(),
	}
}
