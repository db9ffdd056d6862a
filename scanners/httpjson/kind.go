package httpjson

import (
	"github.com/stackaudit/stackaudit/scanners"
)

// Spec is the "httpjson" kind, for scanners/registry's list.
func Spec() scanners.Kind {
	return scanners.Kind{
		Name:    Kind,
		Scanner: New(),
		// A generic API gets a conservative 5 a second.
		Rate:     scanners.Rate{Limit: 5, Burst: 5},
		Activity: scanners.Always,
		Sandbox:  Simulator,
		// Further headers read the variables they name.
		CredentialEnv: CredentialEnv,
		Generic:       true,
		Docs:          scanners.Docs{Scan: "any JSON user list, through jq expressions"},
	}
}
