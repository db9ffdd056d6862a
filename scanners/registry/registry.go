// Package registry lists every scanner kind, explicitly (no init()). It is
// a package of its own because each kind's package imports scanners for
// Env and ToolUsage; scanners therefore cannot import the kinds.
package registry

import (
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/csv"
	"github.com/stackaudit/stackaudit/scanners/hubspot"
	"github.com/stackaudit/stackaudit/scanners/slack"
)

// Registry returns a new map of scanner kind to scanner.
func Registry() map[string]scanners.Scanner {
	return map[string]scanners.Scanner{
		csv.Kind:     csv.New(),
		hubspot.Kind: hubspot.New(),
		slack.Kind:   slack.New(),
	}
}
