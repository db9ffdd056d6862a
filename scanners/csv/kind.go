package csv

import (
	"github.com/stackaudit/stackaudit/scanners"
)

// Spec is the "csv" kind, for scanners/registry's list.
func Spec() scanners.Kind {
	return scanners.Kind{
		Name:    Kind,
		Scanner: New(),
		// Unused: the kind reads a file.
		Rate:     scanners.Rate{Limit: 5, Burst: 5},
		Activity: scanners.Always,
		Offline:  true,
		Generic:  true,
		Docs:     scanners.Docs{Scan: "an exported user list file"},
	}
}
